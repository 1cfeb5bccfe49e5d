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

/// A phone number in E.164 form (`+` and up to 15 digits, no leading zero). Spaces, dashes, dots and
/// brackets that people type are dropped first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let compact: String = raw
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
            .collect();
        let digits = compact
            .strip_prefix('+')
            .ok_or("Use the international format, like +14155550100.")?;
        let valid = (2..=15).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
            && !digits.starts_with('0');
        if valid {
            Ok(Self(compact))
        } else {
            Err("Use the international format, like +14155550100.".into())
        }
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// An RFC 3339 timestamp (`2026-01-27T09:30:00Z`, any offset) as epoch milliseconds.
pub fn parse_timestamp(raw: &str) -> Result<i64, String> {
    time::OffsetDateTime::parse(raw.trim(), &time::format_description::well_known::Rfc3339)
        .map(|t| (t.unix_timestamp_nanos() / 1_000_000) as i64)
        .map_err(|_| "Use an RFC 3339 timestamp, like 2026-01-27T09:30:00Z.".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_keep_their_offset() {
        assert_eq!(parse_timestamp("1970-01-01T00:00:01Z"), Ok(1000));
        assert_eq!(parse_timestamp("1970-01-01T05:30:00+05:30"), Ok(0));
        assert!(parse_timestamp("yesterday").is_err());
    }

    #[test]
    fn phones_are_e164() {
        assert_eq!(
            Phone::parse("+92 300-000 0000").map(Phone::into_inner),
            Ok("+923000000000".into())
        );
        assert!(Phone::parse("03000000000").is_err());
        assert!(Phone::parse("+0123").is_err());
        assert!(Phone::parse("+1234567890123456").is_err());
        assert!(Phone::parse("+12ab").is_err());
    }

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
