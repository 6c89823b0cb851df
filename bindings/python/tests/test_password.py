import base64
import hashlib
import hmac
import json
import pickle
import random
import string
import threading
import time

import pytest

import mspkit

VECTOR_HASH = "wmyadRMyBZOH7P/a/ucTCbSghKgdzDpPqUnu/DAVtSw="
PBKDF2_KEY = bytes([31, 79, 104, 226, 150, 71, 177, 90, 194, 80, 172, 209, 17, 129, 132, 81,
                    138, 167, 69, 167, 254, 149, 2, 27, 39, 197, 64, 42, 22, 195, 86, 75])
ARGON2_KEY = bytes([207, 240, 225, 177, 162, 19, 163, 76, 98, 106, 179, 175, 224, 9, 17, 240,
                    20, 147, 237, 47, 246, 150, 141, 184, 62, 225, 131, 242, 51, 53, 225, 242])


@pytest.mark.parametrize("email", ["test@bitwarden.com", "TEST@bitwarden.com", " test@bitwarden.com"])
def test_pbkdf2_server_hash_vector(email):
    key = mspkit.MasterKey.derive("asdfasdf", email, mspkit.Kdf.pbkdf2(iterations=100_000))
    assert key.server_hash("asdfasdf") == VECTOR_HASH
    assert key.verify_server_hash("asdfasdf", VECTOR_HASH)
    assert not key.verify_server_hash("asdfasdg", VECTOR_HASH)
    assert key.local_hash("asdfasdf") == "npf6w9mFGiNJZkg6QdWsiqZr94+ClKDTzF/B3XW4XV4="


def test_argon2_server_hash_vector():
    kdf = mspkit.Kdf.argon2id(iterations=4, memory_mib=32, parallelism=2)
    key = mspkit.MasterKey.derive("asdfasdf", "test_salt", kdf)
    assert key.server_hash("asdfasdf") == "PR6UjYmjmppTYcdyTiNbAhPJuQQOmynKbdEl1oyi/iQ="


def test_master_key_byte_vectors():
    pbkdf2 = mspkit.MasterKey.derive("67t9b5g67$%Dh89n", "test_key", mspkit.Kdf.pbkdf2(iterations=10_000))
    assert pbkdf2.expose() == PBKDF2_KEY
    argon = mspkit.MasterKey.derive("67t9b5g67$%Dh89n", "test_key", mspkit.Kdf.argon2id(iterations=4, memory_mib=32, parallelism=2))
    assert argon.expose() == ARGON2_KEY


# An oracle independent of the crates mspkit uses: Python's standard library.
def oracle_hash(key: bytes, password: str, rounds: int) -> str:
    return base64.b64encode(hashlib.pbkdf2_hmac("sha256", key, password.encode(), rounds, 32)).decode()


def oracle_expand(prk: bytes, info: bytes) -> bytes:
    # HKDF-SHA256 expand (RFC 5869) for 32 bytes: a single block T(1) = HMAC(PRK, info || 0x01).
    return hmac.new(prk, info + b"\x01", hashlib.sha256).digest()


@pytest.mark.parametrize(
    ("password", "email", "kdf", "local", "enc_hex"),
    [
        ("asdfasdf", "test@bitwarden.com", mspkit.Kdf.pbkdf2(iterations=100_000),
         "npf6w9mFGiNJZkg6QdWsiqZr94+ClKDTzF/B3XW4XV4=",
         "8a14f9483d4b9444a72f66d1bb1aed4719625eddb2de2c912dfb815f4d4a8ea8"),
        ("67t9b5g67$%Dh89n", "test_key", mspkit.Kdf.pbkdf2(iterations=10_000),
         "HyfuAha7bjlw4L98dHv2z6BJ83z0BSWIssOKKq/PV18=",
         "6f1fb22dee9825728fd77c5387adc3178e8678f93d84a3b671c5bdccbc15ed60"),
        ("67t9b5g67$%Dh89n", "test_key", mspkit.Kdf.argon2id(iterations=4, memory_mib=32, parallelism=2),
         "ivUeCZlhRuATmr6eS7nmNK4dEszTCUKBxDIxRl0+JWc=",
         "ecfda679cf7c62952a8d61e2cf47ad3c0a00b8fffc573e20bca6addf929fdedb"),
    ],
)
def test_local_hash_and_stretched_key_known_answers(password, email, kdf, local, enc_hex):
    key = mspkit.MasterKey.derive(password, email, kdf)
    raw = key.expose()
    assert key.local_hash(password) == local == oracle_hash(raw, password, 2)
    assert key.server_hash(password) == oracle_hash(raw, password, 1)
    enc, mac = key.stretch()
    assert enc.hex() == enc_hex
    assert (enc, mac) == (oracle_expand(raw, b"enc"), oracle_expand(raw, b"mac"))


def test_stretched_key_reference_vector():
    # The reference SDK's test_stretch_kdf_key vector: the spec's PBKDF2 test_key master key.
    key = mspkit.MasterKey.derive("67t9b5g67$%Dh89n", "test_key", mspkit.Kdf.pbkdf2(iterations=10_000))
    enc, mac = key.stretch()
    assert enc.hex() == "6f1fb22dee9825728fd77c5387adc3178e8678f93d84a3b671c5bdccbc15ed60"
    assert mac.hex() == "dd7fceea651bca265634221c4e1cb910303d7fa6d1f7c257e81a3055c1f9b39b"


def test_reusable_deriver_matches_one_shot():
    deriver = mspkit.KdfDeriver()
    kdf = mspkit.Kdf.argon2id(iterations=4, memory_mib=32, parallelism=2)
    for _ in range(2):
        assert deriver.derive("67t9b5g67$%Dh89n", "test_key", kdf).expose() == ARGON2_KEY
    deriver.clear()


def test_secrets_never_show():
    key = mspkit.MasterKey.derive("hunter2hunter2", "a@b.example", mspkit.Kdf.pbkdf2(iterations=5_000))
    assert repr(key) == "MasterKey([REDACTED])"
    assert str(key) == "MasterKey([REDACTED])"
    with pytest.raises(TypeError):
        pickle.dumps(key)
    result = mspkit.password_strength("hunter2hunter2")
    assert "hunter2" not in repr(result) and "hunter2" not in json.dumps(result.to_dict())


def test_kdf_settings_are_validated_with_the_field_and_range():
    with pytest.raises(mspkit.PasswordError) as info:
        mspkit.Kdf.pbkdf2(iterations=1_000)
    assert info.value.code == "kdf_iterations_out_of_range"
    assert str(info.value) == "`iterations` is 1000; it must be between 5000 and 2000000"
    with pytest.raises(mspkit.PasswordError) as info:
        mspkit.Kdf.argon2id(memory_mib=2048)
    assert info.value.code == "kdf_memory_out_of_range"
    with pytest.raises(mspkit.PasswordError) as info:
        mspkit.Kdf.argon2id(parallelism=0)
    assert info.value.code == "kdf_parallelism_out_of_range"
    assert isinstance(info.value, mspkit.MspkitError)


@pytest.mark.parametrize(
    ("make", "code", "message"),
    [
        (lambda: mspkit.Kdf.pbkdf2(iterations=-1), "kdf_iterations_out_of_range",
         "`iterations` is -1; it must be between 5000 and 2000000"),
        (lambda: mspkit.Kdf.pbkdf2(iterations=2**32), "kdf_iterations_out_of_range",
         "`iterations` is 4294967296; it must be between 5000 and 2000000"),
        # 2**32 + 600_000 must not wrap around to an acceptable count.
        (lambda: mspkit.Kdf.pbkdf2(iterations=2**32 + 600_000), "kdf_iterations_out_of_range",
         "`iterations` is 4295567296; it must be between 5000 and 2000000"),
        (lambda: mspkit.Kdf.argon2id(iterations=-3), "kdf_iterations_out_of_range",
         "`iterations` is -3; it must be between 2 and 10"),
        (lambda: mspkit.Kdf.argon2id(memory_mib=2**40), "kdf_memory_out_of_range",
         "`memory_mib` is 1099511627776; it must be between 16 and 1024"),
        (lambda: mspkit.Kdf.argon2id(parallelism=-1), "kdf_parallelism_out_of_range",
         "`parallelism` is -1; it must be between 1 and 16"),
        (lambda: mspkit.Kdf.from_code(1, 3, -64, 4), "kdf_memory_out_of_range",
         "`memory_mib` is -64; it must be between 16 and 1024"),
        (lambda: mspkit.Kdf.from_code(2**64, 600_000), "unknown_kdf_type",
         "`18446744073709551616` is not a KDF type code (0 is PBKDF2-SHA256, 1 is Argon2id)"),
        (lambda: mspkit.MasterPasswordPolicy(min_complexity=300), "policy_min_complexity_out_of_range",
         "`min_complexity` is 300; it must be between 0 and 4"),
        (lambda: mspkit.MasterPasswordPolicy(min_complexity=-1), "policy_min_complexity_out_of_range",
         "`min_complexity` is -1; it must be between 0 and 4"),
        (lambda: mspkit.MasterPasswordPolicy(min_length=2**64 + 14), "policy_min_length_out_of_range",
         "`min_length` is 18446744073709551630; it must be between 12 and 128"),
    ],
)
def test_out_of_range_integers_are_password_errors_not_overflow(make, code, message):
    with pytest.raises(mspkit.PasswordError) as info:
        make()
    assert info.value.code == code
    assert str(info.value) == message


def test_out_of_range_errors_name_the_field_value_and_range():
    with pytest.raises(mspkit.PasswordError) as info:
        mspkit.Kdf.argon2id(memory_mib=-8)
    assert (info.value.field, info.value.value, info.value.range) == ("memory_mib", -8, (16, 1024))
    with pytest.raises(mspkit.PasswordError) as info:
        mspkit.MasterPasswordPolicy(min_length=2**64)
    assert (info.value.field, info.value.value, info.value.range) == ("min_length", 2**64, (12, 128))
    with pytest.raises(mspkit.PasswordError) as info:
        mspkit.check_registration("short")
    assert (info.value.code, info.value.field, info.value.value, info.value.range) == ("password_too_short", None, None, None)


def test_setting_integers_accept_index_and_refuse_other_types():
    class Index:
        def __index__(self) -> int:
            return 7_000

    assert mspkit.Kdf.pbkdf2(iterations=Index()).iterations == 7_000  # type: ignore[arg-type]
    with pytest.raises(mspkit.PasswordError):
        mspkit.Kdf.pbkdf2(iterations=-(2**200))
    for bad in ("600000", 600_000.0, None):
        with pytest.raises(TypeError):
            mspkit.Kdf.pbkdf2(iterations=bad)  # type: ignore[arg-type]


def test_kdf_presets_codes_and_round_trips():
    assert mspkit.Kdf.argon2id() == mspkit.Kdf.argon2id_client_default()
    server = mspkit.Kdf.argon2id_server_default()
    assert (server.iterations, server.memory_mib, server.parallelism) == (6, 32, 4)
    assert mspkit.Kdf.pbkdf2_default().iterations == 600_000 and mspkit.Kdf.pbkdf2_default().code == 0
    assert not mspkit.Kdf.pbkdf2(iterations=100_000).is_acceptable
    assert mspkit.Kdf.from_code(1, 3, 64, 4) == mspkit.Kdf.argon2id()
    kdf = mspkit.Kdf.argon2id(iterations=4, memory_mib=32, parallelism=2)
    assert mspkit.Kdf.from_json(kdf.to_json()) == kdf
    assert pickle.loads(pickle.dumps(kdf)) == kdf
    assert len({kdf, mspkit.Kdf.argon2id(iterations=4, memory_mib=32, parallelism=2)}) == 1
    with pytest.raises(mspkit.ValidationError):
        mspkit.Kdf.from_json('{"type": "argon2id", "iterations": 3, "memory_mib": 4096, "parallelism": 4}')


def test_empty_inputs_are_typed_errors():
    with pytest.raises(mspkit.PasswordError) as info:
        mspkit.MasterKey.derive("", "a@b.example", mspkit.Kdf.pbkdf2_default())
    assert info.value.code == "password_empty"


def ran_python_while_rust_ran(call) -> tuple[bool, int]:
    """Runs `call` (one long call into Rust) on a worker thread while this thread runs Python
    bytecode and timestamps it. Tells whether this thread ran during the middle third of the
    call, and how many timestamps it took in all.

    If the call held the GIL, this thread could run only around its start and its end (a switch
    interval, ~5 ms, at either edge), never in the middle third of a call that lasts hundreds of
    milliseconds. The test depends on no absolute duration, so a slow or loaded machine only
    makes the window longer, not the test flakier."""
    window: dict[str, float] = {}
    done = threading.Event()

    def run() -> None:
        window["start"] = time.perf_counter()
        call()
        window["end"] = time.perf_counter()
        done.set()

    worker = threading.Thread(target=run)
    stamps = []
    worker.start()
    while not done.is_set():
        stamps.append(time.perf_counter())
        sum(range(200))  # plain bytecode: holds the GIL unless the worker let it go
    worker.join()
    third = (window["end"] - window["start"]) / 3
    middle = (window["start"] + third, window["end"] - third)
    return any(middle[0] < t < middle[1] for t in stamps), len(stamps)


def test_derivation_releases_the_gil():
    # One lane (one thread), six passes over 64 MiB: a few hundred milliseconds in one call.
    kdf = mspkit.Kdf.argon2id(iterations=6, memory_mib=64, parallelism=1)
    keys = []
    ran, stamps = ran_python_while_rust_ran(lambda: keys.append(mspkit.MasterKey.derive("pw-pw-pw-pw", "a@b.example", kdf)))
    assert ran, f"no Python ran during the derivation ({stamps} timestamps, all at its edges)"
    deriver = mspkit.KdfDeriver()
    ran, stamps = ran_python_while_rust_ran(lambda: keys.append(deriver.derive("pw-pw-pw-pw", "a@b.example", kdf)))
    assert ran, f"no Python ran during the reused derivation ({stamps} timestamps)"
    assert keys[0].expose() == keys[1].expose()


def test_derivations_on_two_python_threads_agree():
    kdf = mspkit.Kdf.argon2id(iterations=2, memory_mib=16, parallelism=1)
    keys = []
    workers = [threading.Thread(target=lambda: keys.append(mspkit.MasterKey.derive("pw-pw-pw-pw", "a@b.example", kdf)))
               for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(keys) == 2 and keys[0].expose() == keys[1].expose()


def test_batch_strength_releases_the_gil():
    rng = random.Random(7)
    alphabet = string.ascii_letters + string.digits + "-!"
    passwords = ["".join(rng.choice(alphabet) for _ in range(rng.randint(8, 40))) for _ in range(600)]
    results = []
    # One scoring thread, so a core stays free for this one.
    ran, stamps = ran_python_while_rust_ran(lambda: results.extend(mspkit.password_strength_batch(passwords, threads=1)))
    assert ran, f"no Python ran during the batch ({stamps} timestamps, all at its edges)"
    assert [r.score for r in results] == [mspkit.password_strength(p).score for p in passwords]


def test_strength_with_the_users_words():
    plain = mspkit.password_strength("JaneDoeNorthwind")
    personal = mspkit.password_strength("JaneDoeNorthwind", user_inputs=["Northwind"], email="jane.doe@example.com")
    assert personal.guesses_log10 < plain.guesses_log10
    weak = mspkit.password_strength("bitwardenwarden")
    assert weak.score <= 1
    assert mspkit.password_strength("qwerty").warning
    assert set(plain.crack_times) == {"online_throttling", "online_no_throttling", "offline_slow_hashing", "offline_fast_hashing"}


def test_the_email_gives_words_only_before_its_first_at():
    plain = mspkit.password_strength("JaneDoeNorthwind")
    # No "@": not an email, no words from it (as in the reference clients).
    assert mspkit.password_strength("JaneDoeNorthwind", email="jane.doe") == plain
    personal = mspkit.password_strength("JaneDoeNorthwind", email="jane.doe@corp@example.com")
    assert personal.guesses_log10 < plain.guesses_log10


def test_lengths_count_utf16_code_units_like_the_reference():
    key = "\N{KEY}"  # outside the BMP: two UTF-16 code units, as JavaScript's .length counts
    policy = mspkit.MasterPasswordPolicy(min_length=12)
    assert policy.evaluate(key * 6) == []
    assert [v.code for v in policy.evaluate(key * 5 + "x")] == ["too_short"]
    assert mspkit.check_registration(key * 6, accept_weak=True).score == 0
    with pytest.raises(mspkit.PasswordError) as info:
        mspkit.check_registration(key * 5 + "x", accept_weak=True)
    assert info.value.code == "password_too_short"


def test_the_empty_password_is_one_guess():
    empty = mspkit.password_strength("")
    assert (empty.score, empty.guesses_log10) == (0, 0.0)
    as_dict = empty.to_dict()
    assert as_dict["guesses_log10"] == 0.0
    assert json.loads(json.dumps(as_dict, allow_nan=False)) == as_dict
    assert mspkit.password_strength_batch([""]) == [empty]


def test_batch_agrees_with_single():
    passwords = ["password", "Tr0ub4dour&3", "correct horse battery staple", "qwerty", "x"] * 5
    batch = mspkit.password_strength_batch(passwords, user_inputs=["acme"])
    single = [mspkit.password_strength(p, user_inputs=["acme"]) for p in passwords]
    assert batch == single
    assert mspkit.password_strength_batch([]) == []


def test_batch_takes_a_list_of_str_only():
    assert [r.score for r in mspkit.password_strength_batch(("password", "qwerty"))] == [0, 0]
    with pytest.raises(TypeError, match="not one `str`"):
        mspkit.password_strength_batch("password")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        mspkit.password_strength_batch(["password", 3])  # type: ignore[list-item]


def test_policy_reports_every_unmet_rule():
    policy = mspkit.MasterPasswordPolicy(min_complexity=3, min_length=14, require_upper=True,
                                         require_lower=True, require_numbers=True, require_special=True)
    codes = [v.code for v in policy.evaluate("short")]
    assert codes == ["too_short", "too_weak", "missing_upper", "missing_number", "missing_special"]
    assert policy.evaluate("Plinth-Quasar-Ember-42!") == []
    assert all(v.message for v in policy.evaluate("short"))
    with pytest.raises(mspkit.PasswordError) as info:
        mspkit.MasterPasswordPolicy(min_length=8)
    assert info.value.code == "policy_min_length_out_of_range"
    assert mspkit.MasterPasswordPolicy.from_json(policy.to_json()) == policy
    assert pickle.loads(pickle.dumps(policy)) == policy


def test_upper_and_lower_case_by_case_mapping_like_the_reference():
    policy = mspkit.MasterPasswordPolicy(require_upper=True, require_lower=True)
    assert policy.evaluate("École-été") == []
    assert [v.code for v in policy.evaluate("straße")] == ["missing_upper"]
    assert [v.code for v in policy.evaluate("ÉTÉ")] == ["missing_lower"]


def test_strictest_combination():
    a = mspkit.MasterPasswordPolicy(min_length=14, require_upper=True)
    b = mspkit.MasterPasswordPolicy(min_length=12, min_complexity=2, require_numbers=True, enforce_on_login=True)
    s = mspkit.MasterPasswordPolicy.strictest([a, b])
    assert (s.min_length, s.min_complexity) == (14, 2)
    assert s.require_upper and s.require_numbers and s.enforce_on_login and not s.require_special


def test_registration_rule():
    with pytest.raises(mspkit.PasswordError) as info:
        mspkit.check_registration("elevenchars")
    assert info.value.code == "password_too_short"
    # The minimum, never the password's own length.
    assert str(info.value) == "the master password is too short; it needs at least 12 characters"
    too_short = mspkit.MasterPasswordPolicy(min_length=20).evaluate("elevenchars")
    assert [(v.code, v.message) for v in too_short] == [("too_short", "use at least 20 characters")]
    with pytest.raises(mspkit.PasswordError) as info:
        mspkit.check_registration("passwordpassword")
    assert info.value.code == "password_weak"
    assert mspkit.check_registration("passwordpassword", accept_weak=True).score < 3
    policy = mspkit.MasterPasswordPolicy(require_special=True)
    with pytest.raises(mspkit.PasswordError) as info:
        mspkit.check_registration("Plinth Quasar Ember 42", policy=policy, accept_weak=True)
    assert info.value.code == "policy_not_met"
