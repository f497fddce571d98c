"""Session cookies and CSRF tokens, without a browser: what is signed and what ends a
session."""

import time
from pathlib import Path

from sqlalchemy import Engine

from api.web_session import (
    MAX_AGE_S,
    csrf_token,
    session_value,
    user_of_session,
)
from models.db import make_engine, session, upgrade
from models.users import Role, add_user, reissue_token

KEY = b"k" * 32


def _db(tmp_path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    upgrade(engine)
    return engine


def test_a_genuine_cookie_signs_its_user_in(tmp_path: Path) -> None:
    engine = _db(tmp_path)
    with session(engine) as s:
        user, _ = add_user(s, "fournisseur", Role.SUPPLIER, "65083303102923")
        value = session_value(KEY, user)
        found = user_of_session(s, KEY, value)
        assert found is not None and found.name == "fournisseur"


def test_a_tampered_foreign_or_stale_cookie_signs_nobody_in(tmp_path: Path) -> None:
    engine = _db(tmp_path)
    with session(engine) as s:
        user, _ = add_user(s, "fournisseur", Role.SUPPLIER, "65083303102923")
        admin, _ = add_user(s, "admin", Role.ADMIN)
        value = session_value(KEY, user)
        _, issued, mac = value.split(".")
        assert user_of_session(s, KEY, f"{admin.id}.{issued}.{mac}") is None
        assert user_of_session(s, b"x" * 32, value) is None
        stale = session_value(KEY, user, now=time.time() - MAX_AGE_S - 5)
        assert user_of_session(s, KEY, stale) is None
        assert user_of_session(s, KEY, "garbage") is None


def test_a_new_token_ends_the_sessions_of_the_old_one(tmp_path: Path) -> None:
    engine = _db(tmp_path)
    with session(engine) as s:
        user, _ = add_user(s, "fournisseur", Role.SUPPLIER, "65083303102923")
        value = session_value(KEY, user)
        reissue_token(s, "fournisseur")
        assert user_of_session(s, KEY, value) is None


def test_each_session_has_its_own_csrf_token() -> None:
    assert csrf_token(KEY, "1.100.aa") != csrf_token(KEY, "1.101.aa")
    assert csrf_token(KEY, "1.100.aa") == csrf_token(KEY, "1.100.aa")
    assert len(csrf_token(KEY, "1.100.aa")) == 64
