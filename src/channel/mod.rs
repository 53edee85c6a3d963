//! Channel rules: what decides how a rendered message is sent. `preferences` decides
//! which channels a recipient gets; `market` picks the destination market and what it
//! decides for an SMS (language, signature, opt-out, money and dates, `@market.*`
//! texts); `compose` puts the SMS together; `sms` counts its encoding and parts.

pub mod compose;
pub mod market;
pub mod preferences;
pub mod sms;
