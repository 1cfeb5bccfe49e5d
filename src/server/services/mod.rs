//! The product's rules, once. REST handlers (`rest`) and server functions (`web`) are thin faces over these.

pub mod accounts;
