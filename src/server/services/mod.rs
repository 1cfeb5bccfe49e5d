//! The product's rules, once. REST handlers (`rest`) and server functions (`web`) are thin faces over these.

pub mod accounts;
pub mod avatars;
pub mod demo;
pub mod export;
pub mod images;
pub mod ingest;
pub mod stats;
