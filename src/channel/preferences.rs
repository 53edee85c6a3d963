//! The recipient's preferences — categories and channels they turned off — and what they
//! decide for one message: send it on which channels, skip it, or note a preference a
//! mandatory category ignores. The batch and `render()` decide through this one function.

use crate::catalog::model::{Channel, Message, Settings};
use crate::error::{Error, ErrorKind};
use crate::render::Warning;
use serde::Deserialize;
use std::collections::BTreeMap;

/// `{ "marketing": false, "channels": { "sms": false } }`. A key that is not one of the
/// catalog's categories is an error.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct Preferences {
    #[serde(default)]
    pub channels: BTreeMap<Channel, bool>,
    #[serde(flatten)]
    pub categories: BTreeMap<String, bool>,
}

/// What the preferences decide for a message.
#[derive(Debug, PartialEq)]
pub enum Decision {
    /// Send on these channels; `notes` name preferences a mandatory category ignored.
    Send {
        channels: Vec<Channel>,
        notes: Vec<Warning>,
    },
    /// Send nothing: `OptedOut` (the category) or `NoChannels` (every channel off) —
    /// `render()` throws it, the batch reports the record `skipped` with its code.
    Skip { kind: ErrorKind, message: String },
}

/// The channels of `message` to send — those `requested` (all when `None`) that the
/// preferences leave on. Only categories the catalog marks `opt_out` can be turned off;
/// for the others (security alerts) a preference is ignored and noted.
pub fn decide(
    settings: &Settings,
    message: &Message,
    requested: Option<&[Channel]>,
    preferences: Option<&Preferences>,
) -> Result<Decision, Error> {
    let mut channels: Vec<Channel> = message
        .channels
        .iter()
        .copied()
        .filter(|c| requested.is_none_or(|only| only.contains(c)))
        .collect();
    let mut notes = Vec::new();
    if let Some(prefs) = preferences {
        if let Some(unknown) = prefs
            .categories
            .keys()
            .find(|c| !settings.categories.contains_key(*c))
        {
            let known: Vec<&str> = settings.categories.keys().map(String::as_str).collect();
            let unknown = crate::error::clip(unknown, 40);
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!(
                    "`preferences.{unknown}` is not a category of the catalog ({})",
                    known.join(", ")
                ),
            )
            .with_path(format!("preferences.{unknown}")));
        }
        let may_opt_out = settings.category(&message.category).opt_out;
        if prefs.categories.get(&message.category) == Some(&false) {
            if may_opt_out {
                return Ok(Decision::Skip {
                    kind: ErrorKind::OptedOut,
                    message: format!("the recipient opted out of {} messages", message.category),
                });
            }
            notes.push(Warning {
                code: "preference_ignored",
                message: format!(
                    "{} messages cannot be opted out of; the preference was ignored",
                    message.category
                ),
                path: Some(format!("preferences.{}", message.category)),
            });
        }
        for (channel, on) in &prefs.channels {
            if *on || !message.channels.contains(channel) {
                continue;
            }
            if may_opt_out {
                channels.retain(|c| c != channel);
            } else {
                notes.push(Warning {
                    code: "preference_ignored",
                    message: format!(
                        "{} messages go to every channel; turning off {} was ignored",
                        message.category,
                        channel.as_str()
                    ),
                    path: Some(format!("preferences.channels.{}", channel.as_str())),
                });
            }
        }
    }
    if channels.is_empty() {
        return Ok(Decision::Skip {
            kind: ErrorKind::NoChannels,
            message: "none of the message's channels is requested and allowed".into(),
        });
    }
    Ok(Decision::Send { channels, notes })
}
