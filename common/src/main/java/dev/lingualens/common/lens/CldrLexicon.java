package dev.lingualens.common.lens;

import com.ibm.icu.text.DateFormatSymbols;
import com.ibm.icu.text.DisplayContext;
import com.ibm.icu.text.LocaleDisplayNames;
import com.ibm.icu.text.RuleBasedNumberFormat;
import com.ibm.icu.util.GregorianCalendar;
import com.ibm.icu.util.ULocale;
import dev.lingualens.common.corpus.LanguageCodes;
import dev.lingualens.common.corpus.LanguageTag;
import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Aligned words for any language CLDR covers, from the ICU4J data on the class path (offline, the
 * same in every run of one ICU version):
 *
 * <ul>
 *   <li>{@code number:1} … {@code number:100}: the locale's default spell-out rule set ({@code
 *       %spellout-numbering}: "sieben", "七", "двадцать один");
 *   <li>{@code month:1} … {@code month:12}: Gregorian month names, stand-alone, wide;
 *   <li>{@code weekday:1} … {@code weekday:7}: Monday … Sunday (ISO order), stand-alone, wide;
 *   <li>{@code territory:FR}: the name of every ISO 3166 region that has one in the language;
 *   <li>{@code language:de}: the name of every ISO 639-1 language that has one in the language.
 * </ul>
 *
 * <p>Words keep CLDR's casing. CLDR writes each form as it appears mid-sentence in that language
 * (French "mars", "allemand"; German "März", "Deutsch"; English "March", "German"), which is how an
 * answer word appears in a prompt; lower-casing would misspell German nouns and English proper
 * names, and a per-language rule would only re-derive what CLDR already encodes. Soft hyphens
 * (U+00AD, hyphenation hints in German spell-out, "ein\u00ADund\u00ADzwanzig") are removed: they
 * are never written. Names CLDR lacks for a language are left out, never replaced by a code or an
 * English fallback.
 */
public final class CldrLexicon {
  public static final int MAX_NUMBER = 100;
  private static final char SOFT_HYPHEN = '\u00AD';
  private static final Set<String> CLDR_LANGUAGES =
      Arrays.stream(ULocale.getAvailableLocales())
          .map(ULocale::getLanguage)
          .collect(Collectors.toCollection(TreeSet::new));

  private CldrLexicon() {}

  /**
   * Words for each language tag ({@code de}, {@code deu}, {@code zh-Hant}, …). The lexicon's
   * language is the tag's ISO 639-3 code; ICU reads the data of the canonical locale ({@code deu} →
   * {@code de}, {@code swh} → {@code sw}, {@code zh-Hant} keeps its script). A tag that is not a
   * language code, or a language without CLDR data, is one error naming it.
   */
  public static Lexicon build(Collection<String> langTags) {
    Lexicon.Builder lexicon = Lexicon.builder();
    for (String tag : langTags) {
      LanguageTag parsed =
          LanguageCodes.parse(tag)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "'" + tag + "' is not an ISO 639-1/639-3 language code"));
      ULocale locale = ULocale.createCanonical(ULocale.forLanguageTag(tag.replace('_', '-')));
      if (!CLDR_LANGUAGES.contains(locale.getLanguage())) {
        throw new IllegalArgumentException(
            "No CLDR data for language '"
                + tag
                + "' (ICU locale '"
                + locale
                + "') in ICU "
                + com.ibm.icu.util.VersionInfo.ICU_VERSION);
      }
      addLanguage(lexicon, parsed.lang(), locale);
    }
    return lexicon.build();
  }

  private static void addLanguage(Lexicon.Builder lexicon, String lang, ULocale locale) {
    RuleBasedNumberFormat spellout =
        new RuleBasedNumberFormat(locale, RuleBasedNumberFormat.SPELLOUT);
    for (int n = 1; n <= MAX_NUMBER; n++) {
      add(lexicon, "number:" + n, lang, spellout.format(n));
    }
    DateFormatSymbols symbols = new DateFormatSymbols(new GregorianCalendar(locale), locale);
    String[] months = symbols.getMonths(DateFormatSymbols.STANDALONE, DateFormatSymbols.WIDE);
    for (int m = 0; m < 12; m++) {
      add(lexicon, "month:" + (m + 1), lang, months[m]);
    }
    // ICU indexes weekdays 1 = Sunday … 7 = Saturday; the concept ids follow ISO 8601 (1 = Monday).
    String[] weekdays = symbols.getWeekdays(DateFormatSymbols.STANDALONE, DateFormatSymbols.WIDE);
    for (int iso = 1; iso <= 7; iso++) {
      add(lexicon, "weekday:" + iso, lang, weekdays[iso % 7 + 1]);
    }
    LocaleDisplayNames names = LocaleDisplayNames.getInstance(locale, DisplayContext.NO_SUBSTITUTE);
    for (String region : ULocale.getISOCountries()) {
      add(lexicon, "territory:" + region, lang, names.regionDisplayName(region));
    }
    for (String language : ULocale.getISOLanguages()) {
      if (language.length() == 2) {
        add(lexicon, "language:" + language, lang, names.languageDisplayName(language));
      }
    }
  }

  private static void add(Lexicon.Builder lexicon, String concept, String lang, String word) {
    if (word == null) {
      return; // CLDR has no name here: not a malformed row, just no item
    }
    lexicon.add(concept, lang, word.replace(String.valueOf(SOFT_HYPHEN), ""));
  }
}
