import pytest

import mspkit


def test_bad_email_raises_validation_error_with_code():
    with pytest.raises(mspkit.ValidationError) as info:
        mspkit.normalize_email("not an email")
    assert info.value.code == "email_invalid"
    assert isinstance(info.value, mspkit.MspkitError)


def test_email_is_normalised():
    assert mspkit.normalize_email("  Alice@Example.COM ") == "alice@example.com"
