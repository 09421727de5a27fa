//! Django's password validators (`django.contrib.auth.password_validation`) with Django's exact
//! messages and codes, as plain functions returning DRF error details so that a serializer can
//! put them under its `password` field.
//!
//! [`validate_password`] runs `startproject`'s `AUTH_PASSWORD_VALIDATORS` in order
//! (similarity, minimum length 8, common passwords, numeric) and collects every failure:
//!
//! ```
//! use restframe::auth::password_validation::{UserAttributes, validate_password};
//!
//! let errors = validate_password("12345678901", None).unwrap_err();
//! let messages: Vec<&str> = errors.iter().map(|e| e.string.as_str()).collect();
//! assert_eq!(messages, ["This password is too common.", "This password is entirely numeric."]);
//!
//! let user = UserAttributes { username: "johnsmith", email: "john.smith@example.com", ..Default::default() };
//! let errors = validate_password("johnsmith1", Some(&user)).unwrap_err();
//! assert_eq!(errors[0].string, "The password is too similar to the username.");
//! assert_eq!(errors[0].code, "password_too_similar");
//! assert!(validate_password("correct-horse-battery", Some(&user)).is_ok());
//! ```

use std::collections::{HashMap, HashSet};
use std::io::Read as _;
use std::sync::LazyLock;

use crate::exceptions::ErrorDetail;

/// The user fields the similarity check compares against (`getattr(user, name)` in Django).
/// Build it from a saved user with `UserAttributes::from(&user)`, or from submitted data before
/// the user exists.
#[derive(Clone, Copy, Debug, Default)]
pub struct UserAttributes<'a> {
    /// `username` (verbose name `username`).
    pub username: &'a str,
    /// `first_name` (verbose name `first name`).
    pub first_name: &'a str,
    /// `last_name` (verbose name `last name`).
    pub last_name: &'a str,
    /// `email` (verbose name `email address`).
    pub email: &'a str,
}

impl<'a> From<&'a crate::auth::user::Model> for UserAttributes<'a> {
    fn from(user: &'a crate::auth::user::Model) -> Self {
        Self { username: &user.username, first_name: &user.first_name, last_name: &user.last_name, email: &user.email }
    }
}

impl UserAttributes<'_> {
    /// The attribute `name` with its verbose name, `None` for unknown names (Django skips them).
    fn get(&self, name: &str) -> Option<(&str, &'static str)> {
        match name {
            "username" => Some((self.username, "username")),
            "first_name" => Some((self.first_name, "first name")),
            "last_name" => Some((self.last_name, "last name")),
            "email" => Some((self.email, "email address")),
            _ => None,
        }
    }
}

/// One password validator: Django's `validate(password, user=None)` and `get_help_text()`.
pub trait PasswordValidator: Send + Sync {
    /// `Err` with Django's message and code when the password is rejected.
    fn validate(&self, password: &str, user: Option<&UserAttributes<'_>>) -> Result<(), ErrorDetail>;
    /// The help text describing the rule.
    fn help_text(&self) -> String;
}

/// Rejects passwords too similar to the user's username, names or email (or the `\W+`-separated
/// parts of them), using `difflib.SequenceMatcher.quick_ratio` like Django.
#[derive(Clone, Debug)]
pub struct UserAttributeSimilarityValidator {
    user_attributes: Vec<String>,
    max_similarity: f64,
}

impl Default for UserAttributeSimilarityValidator {
    fn default() -> Self {
        Self {
            user_attributes: ["username", "first_name", "last_name", "email"].map(str::to_owned).to_vec(),
            max_similarity: 0.7,
        }
    }
}

impl UserAttributeSimilarityValidator {
    /// Custom attributes and threshold. Django refuses a threshold under 0.1
    /// (`max_similarity must be at least 0.1`), and so does this constructor.
    pub fn new(user_attributes: &[&str], max_similarity: f64) -> Result<Self, String> {
        if max_similarity < 0.1 {
            return Err("max_similarity must be at least 0.1".to_owned());
        }
        Ok(Self { user_attributes: user_attributes.iter().map(|s| (*s).to_owned()).collect(), max_similarity })
    }
}

impl PasswordValidator for UserAttributeSimilarityValidator {
    fn validate(&self, password: &str, user: Option<&UserAttributes<'_>>) -> Result<(), ErrorDetail> {
        let Some(user) = user else { return Ok(()) };
        let password: Vec<char> = password.to_lowercase().chars().collect();
        for name in &self.user_attributes {
            let Some((value, verbose_name)) = user.get(name).filter(|(v, _)| !v.is_empty()) else { continue };
            let value = value.to_lowercase();
            let mut parts: Vec<&str> = split_non_word(&value);
            parts.push(&value);
            for part in parts {
                let part: Vec<char> = part.chars().collect();
                if exceeds_maximum_length_ratio(password.len(), self.max_similarity, part.len()) {
                    continue;
                }
                if quick_ratio(&password, &part) >= self.max_similarity {
                    return Err(ErrorDetail::new(
                        format!("The password is too similar to the {verbose_name}."),
                        "password_too_similar",
                    ));
                }
            }
        }
        Ok(())
    }
    fn help_text(&self) -> String {
        "Your password can’t be too similar to your other personal information.".to_owned()
    }
}

/// Django's `exceeds_maximum_length_ratio`: a value ten times shorter than the password cannot
/// be similar enough, so the comparison is skipped.
fn exceeds_maximum_length_ratio(password_len: usize, max_similarity: f64, value_len: usize) -> bool {
    let length_bound_similarity = max_similarity / 2.0 * password_len as f64;
    password_len >= 10 * value_len && (value_len as f64) < length_bound_similarity
}

/// Python's `re.split(r"\W+", value)`: pieces between runs of non-word characters, keeping the
/// empty pieces at either end. Python's Unicode `\w` is letters, numbers and `_`.
fn split_non_word(value: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut in_separator = false;
    for (i, c) in value.char_indices() {
        let word = is_python_word_char(c);
        if !word && !in_separator {
            parts.push(&value[start..i]);
            in_separator = true;
        } else if word && in_separator {
            start = i;
            in_separator = false;
        }
    }
    parts.push(if in_separator { "" } else { &value[start..] });
    parts
}

/// Python's Unicode `\w`: letters, numbers and `_`.
fn is_python_word_char(c: char) -> bool {
    static WORD: LazyLock<regex::Regex> = LazyLock::new(|| regex::Regex::new(r"^[\p{L}\p{N}_]$").expect("valid regex"));
    c.is_ascii_alphanumeric() || c == '_' || (!c.is_ascii() && WORD.is_match(c.encode_utf8(&mut [0; 4])))
}

/// `difflib.SequenceMatcher(a=a, b=b).quick_ratio()`: twice the size of the multiset
/// intersection of the characters over the total length (1.0 for two empty sequences).
fn quick_ratio(a: &[char], b: &[char]) -> f64 {
    let mut available: HashMap<char, isize> = HashMap::new();
    for &c in b {
        *available.entry(c).or_insert(0) += 1;
    }
    let mut matches = 0usize;
    for c in a {
        if let Some(n) = available.get_mut(c) {
            if *n > 0 {
                matches += 1;
            }
            *n -= 1;
        }
    }
    let length = a.len() + b.len();
    if length == 0 { 1.0 } else { 2.0 * matches as f64 / length as f64 }
}

/// Rejects passwords shorter than `min_length` characters (default 8).
#[derive(Clone, Copy, Debug)]
pub struct MinimumLengthValidator {
    /// The minimum number of characters (Unicode scalar values, like Python's `len`).
    pub min_length: usize,
}

impl Default for MinimumLengthValidator {
    fn default() -> Self {
        Self { min_length: 8 }
    }
}

impl PasswordValidator for MinimumLengthValidator {
    fn validate(&self, password: &str, _user: Option<&UserAttributes<'_>>) -> Result<(), ErrorDetail> {
        if password.chars().count() >= self.min_length {
            return Ok(());
        }
        let plural = if self.min_length == 1 { "character" } else { "characters" };
        Err(ErrorDetail::new(
            format!("This password is too short. It must contain at least {} {plural}.", self.min_length),
            "password_too_short",
        ))
    }
    fn help_text(&self) -> String {
        let plural = if self.min_length == 1 { "character" } else { "characters" };
        format!("Your password must contain at least {} {plural}.", self.min_length)
    }
}

/// Django's bundled list of 20,000 common passwords (gzipped, exactly as Django ships it).
static COMMON_PASSWORDS_GZ: &[u8] = include_bytes!("common-passwords.txt.gz");

static COMMON_PASSWORDS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let mut text = String::new();
    flate2::read::GzDecoder::new(COMMON_PASSWORDS_GZ)
        .read_to_string(&mut text)
        .expect("the bundled password list is valid gzip and UTF-8");
    text.lines().map(|line| line.trim().to_owned()).collect()
});

/// Rejects passwords found (lower-cased and trimmed) in Django's common-passwords list.
#[derive(Clone, Copy, Debug, Default)]
pub struct CommonPasswordValidator;

impl CommonPasswordValidator {
    /// Number of passwords in the bundled list.
    pub fn len() -> usize {
        COMMON_PASSWORDS.len()
    }
}

impl PasswordValidator for CommonPasswordValidator {
    fn validate(&self, password: &str, _user: Option<&UserAttributes<'_>>) -> Result<(), ErrorDetail> {
        if COMMON_PASSWORDS.contains(password.to_lowercase().trim()) {
            return Err(ErrorDetail::new("This password is too common.", "password_too_common"));
        }
        Ok(())
    }
    fn help_text(&self) -> String {
        "Your password can’t be a commonly used password.".to_owned()
    }
}

/// Rejects passwords made only of digits (Python's `str.isdigit()`).
#[derive(Clone, Copy, Debug, Default)]
pub struct NumericPasswordValidator;

impl PasswordValidator for NumericPasswordValidator {
    fn validate(&self, password: &str, _user: Option<&UserAttributes<'_>>) -> Result<(), ErrorDetail> {
        if !password.is_empty() && password.chars().all(is_python_digit) {
            return Err(ErrorDetail::new("This password is entirely numeric.", "password_entirely_numeric"));
        }
        Ok(())
    }
    fn help_text(&self) -> String {
        "Your password can’t be entirely numeric.".to_owned()
    }
}

/// Python's `str.isdigit()` for one character: decimal digits (`Nd`) plus the `No` characters
/// with a digit value (superscripts, circled digits, ...), listed from Python 3.11.
fn is_python_digit(c: char) -> bool {
    const DIGIT_NO: &[(u32, u32)] = &[
        (0xb2, 0xb3),
        (0xb9, 0xb9),
        (0x1369, 0x1371),
        (0x19da, 0x19da),
        (0x2070, 0x2070),
        (0x2074, 0x2079),
        (0x2080, 0x2089),
        (0x2460, 0x2468),
        (0x2474, 0x247c),
        (0x2488, 0x2490),
        (0x24ea, 0x24ea),
        (0x24f5, 0x24fd),
        (0x24ff, 0x24ff),
        (0x2776, 0x277e),
        (0x2780, 0x2788),
        (0x278a, 0x2792),
        (0x10a40, 0x10a43),
        (0x10e60, 0x10e68),
        (0x11052, 0x1105a),
        (0x1f100, 0x1f10a),
    ];
    static DECIMAL: LazyLock<regex::Regex> = LazyLock::new(|| regex::Regex::new(r"^\p{Nd}$").expect("valid regex"));
    c.is_ascii_digit()
        || (!c.is_ascii()
            && (DECIMAL.is_match(c.encode_utf8(&mut [0; 4]))
                || DIGIT_NO.iter().any(|&(lo, hi)| (lo..=hi).contains(&u32::from(c)))))
}

/// `startproject`'s `AUTH_PASSWORD_VALIDATORS`, in Django's order.
pub fn default_password_validators() -> Vec<Box<dyn PasswordValidator>> {
    vec![
        Box::new(UserAttributeSimilarityValidator::default()),
        Box::new(MinimumLengthValidator::default()),
        Box::new(CommonPasswordValidator),
        Box::new(NumericPasswordValidator),
    ]
}

/// Django's `validate_password(password, user)` with the default validators: every validator
/// runs and all failures are returned in order.
pub fn validate_password(password: &str, user: Option<&UserAttributes<'_>>) -> Result<(), Vec<ErrorDetail>> {
    validate_password_with(password, user, &default_password_validators())
}

/// [`validate_password`] with an explicit validator list (Django's `password_validators=`).
pub fn validate_password_with(
    password: &str,
    user: Option<&UserAttributes<'_>>,
    validators: &[Box<dyn PasswordValidator>],
) -> Result<(), Vec<ErrorDetail>> {
    let errors: Vec<ErrorDetail> = validators.iter().filter_map(|v| v.validate(password, user).err()).collect();
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

/// Django's `password_validators_help_texts()` for the default validators.
///
/// ```
/// use restframe::auth::password_validation::password_validators_help_texts;
/// assert_eq!(password_validators_help_texts()[1], "Your password must contain at least 8 characters.");
/// ```
pub fn password_validators_help_texts() -> Vec<String> {
    default_password_validators().iter().map(|v| v.help_text()).collect()
}

#[cfg(test)]
#[path = "password_validation_tests.rs"]
mod tests;
