//! Integration tests of mspkit live in `public_api/`; this library is empty on purpose.
