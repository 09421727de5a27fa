//! Django's username validators (`django.contrib.auth.validators`), as plain functions a
//! serializer field can use.
//!
//! ```
//! use restframe::auth::validators::{USERNAME_MAX_LENGTH, validate_username};
//!
//! assert!(validate_username("jörg.müller+test@example_1").is_ok());
//! let err = validate_username("bad name").unwrap_err();
//! assert_eq!(err.string, "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.");
//! assert_eq!(err.code, "invalid");
//! assert_eq!(USERNAME_MAX_LENGTH, 150);
//! ```

use std::sync::LazyLock;

use regex::Regex;

use crate::exceptions::{ApiError, ErrorDetail};
use crate::serializers::Context;
use crate::serializers::validators::Validator;

/// `auth_user.username`'s `max_length`.
pub const USERNAME_MAX_LENGTH: usize = 150;

/// The username field's `help_text`.
pub const USERNAME_HELP_TEXT: &str = "Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.";

/// `UnicodeUsernameValidator.message`.
pub const UNICODE_USERNAME_MESSAGE: &str =
    "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.";

/// `ASCIIUsernameValidator.message`.
pub const ASCII_USERNAME_MESSAGE: &str = "Enter a valid username. This value may contain only unaccented lowercase a-z \
                                          and uppercase A-Z letters, numbers, and @/./+/-/_ characters.";

// Python's Unicode `\w` is exactly letters (L*), numbers (N*) and `_` (checked over every code
// point with Python 3.11); `\z` is Python's `\Z`.
static UNICODE_USERNAME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[\p{L}\p{N}_.@+-]+\z").expect("valid regex"));
static ASCII_USERNAME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[A-Za-z0-9_.@+-]+\z").expect("valid regex"));

/// Django's `UnicodeUsernameValidator` (the default for `auth.User`): letters and digits of any
/// script plus `@ . + - _`, nothing else, at least one character.
pub fn validate_username(value: &str) -> Result<(), ErrorDetail> {
    check(&UNICODE_USERNAME, value, UNICODE_USERNAME_MESSAGE)
}

/// Django's `ASCIIUsernameValidator`.
///
/// ```
/// use restframe::auth::validators::validate_ascii_username;
/// assert!(validate_ascii_username("plain_ascii.1").is_ok());
/// assert!(validate_ascii_username("jörg").is_err());
/// ```
pub fn validate_ascii_username(value: &str) -> Result<(), ErrorDetail> {
    check(&ASCII_USERNAME, value, ASCII_USERNAME_MESSAGE)
}

/// Django's `UnicodeUsernameValidator` as a serializer field validator
/// (`#[field(validators = [UnicodeUsernameValidator])]`); [`validate_username`] is the same rule
/// as a model-field check.
#[derive(Clone, Copy, Debug, Default)]
pub struct UnicodeUsernameValidator;

impl Validator<String> for UnicodeUsernameValidator {
    async fn validate(&self, value: &String, _ctx: &Context) -> Result<(), ApiError> {
        validate_username(value).map_err(ApiError::validation)
    }
}

/// The model field check (`auth.User.username`'s `validators`), with Django's regex for the
/// OpenAPI `pattern`.
impl crate::serializers::StrValidator for UnicodeUsernameValidator {
    fn check(&self, value: &str) -> Result<(), ErrorDetail> {
        validate_username(value)
    }

    fn pattern(&self) -> Option<&'static str> {
        Some(r"^[\w.@+-]+\Z")
    }
}

fn check(regex: &Regex, value: &str, message: &str) -> Result<(), ErrorDetail> {
    if regex.is_match(value) { Ok(()) } else { Err(ErrorDetail::new(message, "invalid")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unicode_usernames_accept_word_characters_and_the_five_symbols() {
        for ok in ["alice", "Alice_99", "a.b@c+d-e", "日本語", "Ωμέγα", "٣٤", "x²", "_", "ⅻ"] {
            assert_eq!(validate_username(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn unicode_usernames_reject_everything_else() {
        let expected = Err(ErrorDetail::new(UNICODE_USERNAME_MESSAGE, "invalid"));
        // Combining marks are not `\w` in Python; trailing newline is refused thanks to `\Z`.
        for bad in ["", "a b", "a\n", "tab\t", "a/b", "a#b", "a'b", "e\u{301}", "emoji😀", "a\u{0}b", "a:b"] {
            assert_eq!(validate_username(bad), expected, "{bad:?}");
        }
    }

    #[test]
    fn ascii_usernames_have_their_own_message() {
        assert_eq!(
            validate_ascii_username("jörg"),
            Err(ErrorDetail::new(
                "Enter a valid username. This value may contain only unaccented lowercase a-z and uppercase A-Z \
                 letters, numbers, and @/./+/-/_ characters.",
                "invalid"
            ))
        );
    }
}
