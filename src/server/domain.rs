//! Values that can only exist valid: parsed once at the edge, trusted everywhere after.

use email_address::EmailAddress;
use std::str::FromStr;

/// A syntactically valid email address, trimmed and lower-cased so that one mailbox is one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let candidate = raw.trim().to_lowercase();
        if candidate.is_empty() {
            return Err("Enter your email address.".into());
        }
        if candidate.len() > 254 {
            return Err("This email address is too long.".into());
        }
        match EmailAddress::from_str(&candidate) {
            // A domain without a dot ("user@localhost") is valid RFC 5322 but never a reachable inbox here.
            Ok(address) if address.domain().contains('.') => Ok(Self(candidate)),
            _ => Err("Enter a valid email address, like name@example.com.".into()),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A person's first or last name: trimmed, at most 100 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(raw: &str, required: bool) -> Result<Self, String> {
        let name = raw.trim();
        if required && name.is_empty() {
            return Err("This field is required.".into());
        }
        if name.chars().count() > 100 {
            return Err("Use at most 100 characters.".into());
        }
        if name.chars().any(char::is_control) {
            return Err("Remove the control characters.".into());
        }
        Ok(Self(name.to_owned()))
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_is_normalised() {
        assert_eq!(
            Email::parse("  Ada@Example.COM ").map(|e| e.0),
            Ok("ada@example.com".into())
        );
    }

    #[test]
    fn email_without_domain_dot_or_at_is_refused() {
        assert!(Email::parse("ada@localhost").is_err());
        assert!(Email::parse("ada.example.com").is_err());
        assert!(Email::parse("").is_err());
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            PersonName::parse("  Ada ", true).map(PersonName::into_inner),
            Ok("Ada".into())
        );
        assert!(PersonName::parse(" ", true).is_err());
        assert!(PersonName::parse("", false).is_ok());
        assert!(PersonName::parse(&"x".repeat(101), false).is_err());
        assert!(PersonName::parse("a\u{7}b", false).is_err());
    }
}
