//! The languages mspkit speaks, and how one is chosen.

use std::fmt;
use std::str::FromStr;

/// A language of mspkit's human-readable output. Machine outputs (JSON, CSV column keys,
/// codes) never depend on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// English, the source language (the core's own messages).
    #[default]
    En,
    /// Simplified Chinese (`zh-CN`).
    ZhCn,
}

/// A language tag mspkit has no messages for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownLanguage {
    tag: String,
}

impl fmt::Display for UnknownLanguage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a language mspkit speaks; use `en` or `zh-CN`", self.tag)
    }
}

impl std::error::Error for UnknownLanguage {}

impl Lang {
    /// Every language, English first.
    pub const ALL: [Self; 2] = [Self::En, Self::ZhCn];

    /// The BCP 47 tag: `en` or `zh-CN`.
    pub fn tag(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::ZhCn => "zh-CN",
        }
    }

    /// The language of a tag or a POSIX locale name, if mspkit speaks it: anything starting
    /// with `zh` (`zh-CN`, `zh_CN.UTF-8`, `zh-Hans`) is Simplified Chinese; `en…`, `C` and
    /// `POSIX` are English. Case does not matter.
    pub fn from_tag(tag: &str) -> Option<Self> {
        let tag = tag.trim();
        let base = tag.split(['.', '@']).next().unwrap_or_default().to_ascii_lowercase();
        if base.starts_with("zh") {
            Some(Self::ZhCn)
        } else if base.starts_with("en") || base == "c" || base == "posix" {
            Some(Self::En)
        } else {
            None
        }
    }

    /// The language the environment asks for: `LC_ALL` if it is set and not empty, else
    /// `LANG` (the POSIX order; an empty value counts as unset). A locale mspkit does not speak
    /// gives English.
    pub fn from_env_values(lc_all: Option<&str>, lang: Option<&str>) -> Self {
        [lc_all, lang]
            .into_iter()
            .flatten()
            .find(|v| !v.trim().is_empty())
            .and_then(Self::from_tag)
            .unwrap_or_default()
    }

    /// The language of a command: the `--lang` flag if given, else [`Lang::from_env_values`].
    pub fn resolve(flag: Option<Self>, lc_all: Option<&str>, lang: Option<&str>) -> Self {
        flag.unwrap_or_else(|| Self::from_env_values(lc_all, lang))
    }
}

impl FromStr for Lang {
    type Err = UnknownLanguage;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::from_tag(s).ok_or_else(|| UnknownLanguage { tag: s.chars().take(40).collect() })
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn tags_and_locales() {
        for zh in ["zh-CN", "zh_CN.UTF-8", "zh", "ZH-cn", "zh-Hans", "zh_SG@x"] {
            assert_eq!(Lang::from_tag(zh), Some(Lang::ZhCn), "{zh}");
        }
        for en in ["en", "en_US.UTF-8", "C", "C.UTF-8", "POSIX"] {
            assert_eq!(Lang::from_tag(en), Some(Lang::En), "{en}");
        }
        assert_eq!(Lang::from_tag("fr_FR.UTF-8"), None);
        assert!("de".parse::<Lang>().unwrap_err().to_string().contains("`de`"));
    }

    #[test]
    fn the_flag_wins_then_lc_all_then_lang() {
        assert_eq!(Lang::resolve(Some(Lang::En), Some("zh_CN.UTF-8"), Some("zh_CN")), Lang::En);
        assert_eq!(Lang::resolve(Some(Lang::ZhCn), None, None), Lang::ZhCn);
        assert_eq!(Lang::resolve(None, Some("zh_CN.UTF-8"), Some("en_US")), Lang::ZhCn);
        assert_eq!(Lang::resolve(None, Some("en_US.UTF-8"), Some("zh_CN")), Lang::En);
        // An empty LC_ALL is unset; an unknown one still wins over LANG (and is English).
        assert_eq!(Lang::resolve(None, Some(""), Some("zh_CN.UTF-8")), Lang::ZhCn);
        assert_eq!(Lang::resolve(None, Some("fr_FR"), Some("zh_CN.UTF-8")), Lang::En);
        assert_eq!(Lang::resolve(None, None, None), Lang::En);
    }
}
