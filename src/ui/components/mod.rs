//! Pieces shared by several pages.

pub mod bell;
pub mod charts;
pub mod format;
pub mod forms;
pub mod outcome;
pub mod shell;
pub mod states;
pub mod theme;
