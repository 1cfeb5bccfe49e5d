//! Pieces shared by several pages.

pub mod bell;
pub mod format;
pub mod forms;
pub mod outcome;
pub mod shell;
