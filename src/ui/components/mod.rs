//! Pieces shared by several pages.

pub mod charts;
pub mod forms;
pub mod shell;
pub mod states;
