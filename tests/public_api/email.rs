use mspkit::Email;

#[test]
fn emails_compare_case_insensitively() {
    assert_eq!(
        Email::new("A@B.com").unwrap(),
        Email::new(" a@b.com ").unwrap()
    );
}
