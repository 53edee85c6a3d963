//! Channel rules: what decides how a rendered message is sent. `preferences` decides
//! which channels a recipient gets; `market` picks the destination market and what it
//! decides for an SMS (language, signature, opt-out, money and dates, `@market.*`
//! texts); `links` which links a message may carry; `compose` puts the SMS together;
//! `sms` counts its encoding and parts; `bounds` finds the worst case of an SMS or push
//! title, which `lint` holds against the limits.

pub mod bounds;
pub mod compose;
pub mod links;
pub mod market;
pub mod preferences;
pub mod sms;
