//! The text of every message the product sends. Plain text only: it renders everywhere, and links stay
//! visible and on their own line so no client mangles them.

use super::Message;

fn hours(minutes: u64) -> String {
    match minutes {
        m if m % 60 == 0 && m >= 120 => format!("{} hours", m / 60),
        60 => "1 hour".into(),
        m => format!("{m} minutes"),
    }
}

/// Confirms the address an account was registered with.
pub fn verify_registration(to: &str, name: &str, link: &str, valid_minutes: u64) -> Message {
    Message {
        to: to.to_owned(),
        subject: "Confirm your email address".into(),
        body: format!(
            "Hello {name},\n\nWelcome to the dashboard. Please confirm that this is your email address by \
             opening this link:\n\n{link}\n\nThe link works once and expires in {}. If you did not create an \
             account, you can ignore this message.\n",
            hours(valid_minutes)
        ),
    }
}

/// Confirms a new address before it replaces the account's current one.
pub fn verify_new_address(to: &str, name: &str, link: &str, valid_minutes: u64) -> Message {
    Message {
        to: to.to_owned(),
        subject: "Confirm your new email address".into(),
        body: format!(
            "Hello {name},\n\nYou asked to use this address for your dashboard account. Your current address \
             stays in use until you confirm this one by opening this link:\n\n{link}\n\nThe link works once and \
             expires in {}. If you did not ask for this, ignore this message: nothing changes.\n",
            hours(valid_minutes)
        ),
    }
}

/// Tells the old address that the account now uses another one.
pub fn email_changed(old: &str, new: &str, name: &str) -> Message {
    Message {
        to: old.to_owned(),
        subject: "Your email address was changed".into(),
        body: format!(
            "Hello {name},\n\nThe email address of your dashboard account was changed from {old} to {new}. \
             Mail about your account now goes to the new address.\n\nIf you did not make this change, reset \
             your password at once and contact support.\n"
        ),
    }
}

pub fn password_reset(to: &str, name: &str, link: &str, valid_minutes: u64) -> Message {
    Message {
        to: to.to_owned(),
        subject: "Reset your password".into(),
        body: format!(
            "Hello {name},\n\nSomeone (we hope you) asked to reset the password of your dashboard account. To \
             choose a new password, open this link:\n\n{link}\n\nThe link works once and expires in {}. If you \
             did not ask for this, ignore this message: your password stays as it is.\n",
            hours(valid_minutes)
        ),
    }
}

/// A notice after any password change (by the user, or through a reset link).
pub fn password_changed(to: &str, name: &str, every_session_ended: bool) -> Message {
    let sessions = if every_session_ended {
        "Every device that was signed in has been signed out."
    } else {
        "Every other device that was signed in has been signed out."
    };
    Message {
        to: to.to_owned(),
        subject: "Your password was changed".into(),
        body: format!(
            "Hello {name},\n\nThe password of your dashboard account was just changed. {sessions}\n\nIf you did \
             not do this, reset your password at once from the sign-in page and contact support.\n"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validity_reads_naturally() {
        assert_eq!(hours(30), "30 minutes");
        assert_eq!(hours(60), "1 hour");
        assert_eq!(hours(1440), "24 hours");
    }

    #[test]
    fn links_stand_on_their_own_line() {
        let m = password_reset(
            "a@example.com",
            "Ada",
            "http://x/reset-password?token=t",
            30,
        );
        assert!(m.body.contains("\n\nhttp://x/reset-password?token=t\n\n"));
        assert_eq!(
            super::super::links(&m.body),
            vec!["http://x/reset-password?token=t"]
        );
    }
}
