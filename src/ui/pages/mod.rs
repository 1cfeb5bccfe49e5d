//! One module per page or dashboard section.

pub mod calls;
pub mod goodbye;
pub mod login;
pub mod not_found;
pub mod notifications;
pub mod overview;
pub mod password_reset;
pub mod profile;
pub mod register;
pub mod security;
pub mod settings;
pub mod subscription;
pub mod support;
pub mod usage;
pub mod verify_email;
pub mod welcome;
