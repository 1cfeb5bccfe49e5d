//! One module per page or dashboard section.

pub mod calls;
pub mod login;
pub mod not_found;
pub mod notifications;
pub mod overview;
pub mod profile;
pub mod register;
pub mod section;
pub mod settings;
pub mod subscription;
pub mod usage;
