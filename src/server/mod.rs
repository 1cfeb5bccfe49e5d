//! Everything that only runs on the server: configuration, start-up, storage, authentication, the services
//! that hold the product's rules, and the two faces over them — `rest` (JSON for API clients) and `web`
//! (the bodies of the UI's server functions).

pub mod auth;
pub mod calendar;
pub mod cli;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod http;
pub mod mail;
pub mod rest;
pub mod services;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod web;
pub mod web_security;

pub use error::AppError;
pub use state::AppState;
