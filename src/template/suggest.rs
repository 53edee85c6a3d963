//! "Did you mean …?": the known name closest to a mistyped one, for unknown variables,
//! fields, helpers and partials.

/// The candidate closest to `word` when it is close enough to be a typo (`locaton` →
/// `location`, `datetiem` → `datetime`, `Amount` → `amount`); none for a word unlike
/// all of them.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    // One edit in a short name, about one in three in a longer one.
    let allowed = (word.chars().count() / 3).max(1);
    // Ties (`acount`: one edit from `amount` and from `account`) go to the candidate
    // more alike from its start (Jaro-Winkler), as a typist's slip usually is.
    candidates
        .into_iter()
        .filter(|c| *c != word)
        .map(|c| {
            let other = c.to_lowercase();
            let edits = strsim::damerau_levenshtein(&lower, &other);
            (edits, strsim::jaro_winkler(&lower, &other), c)
        })
        .filter(|(edits, _, _)| *edits <= allowed)
        .min_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)))
        .map(|(_, _, c)| c)
}

/// `"; did you mean `x`?"` when there is a close candidate, else nothing.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(word, candidates)
        .map(|c| format!("; did you mean `{c}`?"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_their_word_and_strangers_find_none() {
        let vars = ["location", "time", "amount", "account"];
        assert_eq!(closest("locaton", vars), Some("location"));
        assert_eq!(closest("tiem", vars), Some("time"));
        assert_eq!(closest("Amount", vars), Some("amount"));
        assert_eq!(closest("acount", vars), Some("account"));
        assert_eq!(closest("weather", vars), None);
        assert_eq!(closest("x", vars), None);
        assert_eq!(
            did_you_mean("datetiem", ["datetime", "money"]),
            "; did you mean `datetime`?"
        );
        assert_eq!(did_you_mean("zzz", ["datetime"]), "");
    }
}
