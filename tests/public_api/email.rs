use mspkit::Email;

#[test]
fn emails_compare_case_insensitively() {
    assert_eq!(Email::new("A@B.com").unwrap(), Email::new(" a@b.com ").unwrap());
}

#[test]
fn addresses_need_one_at_sign_and_a_dotted_domain_without_empty_labels() {
    for bad in ["a@b@c.example", "root@localhost", "a@b..example", "a..b@c.example", "a@b.example."] {
        assert_eq!(Email::new(bad).unwrap_err().code(), "email_invalid", "{bad}");
        assert!(serde_json::from_value::<Email>(serde_json::json!(bad)).is_err(), "{bad}");
    }
    let email = Email::new("First.Last@Mail.Example.COM").unwrap();
    assert_eq!((email.local_part(), email.domain()), ("first.last", "mail.example.com"));
}
