//! Expected results produced by Django 5.2.19's `validate_password` with startproject's
//! `AUTH_PASSWORD_VALIDATORS` on an unsaved `User(username, first_name, last_name, email)`.

use super::*;

type Case = (&'static str, [&'static str; 4], &'static [(&'static str, &'static str)]);

#[rustfmt::skip]
const DJANGO_CASES: &[Case] = &[
        ("johnsmith1", ["johnsmith", "", "", ""], &[("The password is too similar to the username.", "password_too_similar")]),
        ("smith", ["john.smith", "John", "Smith", "john.smith@example.com"], &[("The password is too similar to the username.", "password_too_similar"), ("This password is too short. It must contain at least 8 characters.", "password_too_short"), ("This password is too common.", "password_too_common")]),
        ("example.com", ["jdoe", "", "", "jdoe@example.com"], &[("The password is too similar to the email address.", "password_too_similar")]),
        ("jdoe@exampl", ["x", "", "", "jdoe@example.com"], &[("The password is too similar to the email address.", "password_too_similar")]),
        ("Password1", ["pw", "", "", ""], &[("This password is too common.", "password_too_common")]),
        ("password", ["pw", "", "", ""], &[("This password is too common.", "password_too_common")]),
        ("  PASSWORD  ", ["pw", "", "", ""], &[("This password is too common.", "password_too_common")]),
        ("12345678901", ["u", "", "", ""], &[("This password is too common.", "password_too_common"), ("This password is entirely numeric.", "password_entirely_numeric")]),
        ("1234567", ["u", "", "", ""], &[("This password is too short. It must contain at least 8 characters.", "password_too_short"), ("This password is too common.", "password_too_common"), ("This password is entirely numeric.", "password_entirely_numeric")]),
        ("²³¹⁴⁵⁶⁷⁸", ["u", "", "", ""], &[("This password is entirely numeric.", "password_entirely_numeric")]),
        ("٣٤٥٦٧٨٩٠١", ["u", "", "", ""], &[("This password is entirely numeric.", "password_entirely_numeric")]),
        ("½½½½½½½½½", ["u", "", "", ""], &[]),
        ("", ["u", "", "", ""], &[("This password is too short. It must contain at least 8 characters.", "password_too_short")]),
        ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", ["a", "", "", ""], &[]),
        ("correct-horse-battery", ["johnsmith", "John", "Smith", "john.smith@example.com"], &[]),
        ("Johnny Walker", ["x", "Johnny", "Walker", ""], &[]),
        ("walkerwalker", ["x", "", "Walker", ""], &[]),
        ("ÉLODIE-2024", ["élodie", "", "", ""], &[("The password is too similar to the username.", "password_too_similar")]),
        ("mypassword", ["usr", "", "", ""], &[("This password is too common.", "password_too_common")]),
        ("qwertyuiop", ["q", "", "", ""], &[("This password is too common.", "password_too_common")]),
        ("ab", ["x", "", "", ""], &[("This password is too short. It must contain at least 8 characters.", "password_too_short")]),
        ("Straße-1234", ["STRASSE", "", "", ""], &[]),
];

#[test]
fn default_validators_match_django_case_by_case() {
    for (password, [username, first_name, last_name, email], expected) in DJANGO_CASES {
        let user = UserAttributes { username, first_name, last_name, email };
        let got = validate_password(password, Some(&user)).err().unwrap_or_default();
        let got: Vec<(&str, &str)> = got.iter().map(|e| (e.string.as_str(), e.code.as_str())).collect();
        assert_eq!(&got, expected, "password {password:?}");
    }
}

#[test]
fn without_a_user_the_similarity_check_is_skipped() {
    assert_eq!(validate_password("johnsmith1", None), Ok(()));
    assert_eq!(
        validate_password("", None),
        Err(vec![ErrorDetail::new(
            "This password is too short. It must contain at least 8 characters.",
            "password_too_short"
        )])
    );
}

#[test]
fn minimum_length_uses_the_singular_for_one() {
    let one = MinimumLengthValidator { min_length: 1 };
    assert_eq!(
        one.validate("", None),
        Err(ErrorDetail::new(
            "This password is too short. It must contain at least 1 character.",
            "password_too_short"
        ))
    );
    assert_eq!(one.help_text(), "Your password must contain at least 1 character.");
    assert_eq!(one.validate("é", None), Ok(()), "length counts characters, not bytes");
    assert!(MinimumLengthValidator::default().validate("ééééééé", None).is_err());
}

#[test]
fn help_texts_match_django() {
    assert_eq!(
        password_validators_help_texts(),
        [
            "Your password can’t be too similar to your other personal information.",
            "Your password must contain at least 8 characters.",
            "Your password can’t be a commonly used password.",
            "Your password can’t be entirely numeric.",
        ]
    );
}

#[test]
fn the_common_password_list_is_djangos() {
    assert_eq!(CommonPasswordValidator::len(), 19_640);
    for common in ["password", "123456", "qwerty", "iloveyou", "PassWord", " dragon "] {
        assert!(CommonPasswordValidator.validate(common, None).is_err(), "{common}");
    }
    assert_eq!(CommonPasswordValidator.validate("correct-horse-battery-staple", None), Ok(()));
}

#[test]
fn similarity_threshold_and_attributes_are_configurable() {
    assert_eq!(
        UserAttributeSimilarityValidator::new(&["username"], 0.05).err(),
        Some("max_similarity must be at least 0.1".to_owned())
    );
    let strict = UserAttributeSimilarityValidator::new(&["first_name", "nickname"], 0.5).expect("valid threshold");
    let user = UserAttributes { username: "zzzz", first_name: "Johnny", ..Default::default() };
    assert_eq!(
        strict.validate("Johnny Walker", Some(&user)),
        Err(ErrorDetail::new("The password is too similar to the first name.", "password_too_similar"))
    );
    assert_eq!(strict.validate("zzzz", Some(&user)), Ok(()), "username is not in this validator's list");
}

#[test]
fn python_helpers_behave_like_python() {
    assert_eq!(split_non_word("john.smith@example.com"), ["john", "smith", "example", "com"]);
    assert_eq!(split_non_word("@foo--bar."), ["", "foo", "bar", ""]);
    assert_eq!(split_non_word("日本_語 x"), ["日本_語", "x"]);
    let chars = |s: &str| s.chars().collect::<Vec<_>>();
    assert_eq!(quick_ratio(&chars(""), &chars("")), 1.0);
    assert_eq!(quick_ratio(&chars("abcd"), &chars("dcba")), 1.0);
    assert!((quick_ratio(&chars("aab"), &chars("abb")) - 2.0 * 2.0 / 6.0).abs() < 1e-12);
    assert!(is_python_digit('٣') && is_python_digit('²') && is_python_digit('①'));
    assert!(!is_python_digit('½') && !is_python_digit('Ⅻ') && !is_python_digit('a'));
}
