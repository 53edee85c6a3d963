//! CLDR "and" lists, wide length.

use super::Formatter;

impl Formatter {
    /// Joins `items` with the locale's CLDR "and" list pattern (wide):
    /// en `A, B, and C`, zh `A、B和C`. Items are inserted verbatim.
    pub fn list(&self, items: &[&str]) -> String {
        self.list.format(items.iter()).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::fmt;

    #[test]
    fn lists_per_locale() {
        let abc = ["A", "B", "C"];
        assert_eq!(fmt("en").list(&abc), "A, B, and C");
        assert_eq!(fmt("en").list(&abc[..2]), "A and B");
        assert_eq!(fmt("en").list(&abc[..1]), "A");
        assert_eq!(fmt("en").list(&[]), "");
        assert_eq!(fmt("zh-CN").list(&abc), "A、B和C");
        assert_eq!(fmt("zh-TW").list(&abc), "A、B和C");
        assert_eq!(fmt("zh-CN").list(&["张三", "李四"]), "张三和李四");
    }
}
