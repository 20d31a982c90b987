#include "normalize/normalizer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "normalize/translit.h"

namespace cordon::normalize {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::IsSupersetOf;

std::vector<std::string> Texts(const NormalizedName& n) {
  std::vector<std::string> out;
  for (const Token& t : n.tokens) out.push_back(t.text);
  return out;
}

class NormalizerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto n = Normalizer::Create();
    ASSERT_TRUE(n.ok()) << n.status();
    norm_ = n->release();
  }
  static Normalizer* norm_;
};
Normalizer* NormalizerTest::norm_ = nullptr;

TEST_F(NormalizerTest, LatinDiacriticsCaseAndPunctuation) {
  EXPECT_THAT(Texts(norm_->Normalize("  JOSÉ  Müller-Straße, O'Brien ")),
              ElementsAre("jose", "muller", "strasse", "obrien"));
  // Zero-width joiner and soft hyphen vanish (NFKC case folding drops default ignorables);
  // the ayn half ring of scholarly romanisation joins rather than splits.
  EXPECT_THAT(Texts(norm_->Normalize("Sa\u02BFid Mu\u200Dham\u00ADmad")),
              ElementsAre("said", "muhammad"));
}

TEST_F(NormalizerTest, TitlesParticlesAndAbdCompounds) {
  const NormalizedName n = norm_->Normalize("Mullah Abd al-Rahman bin Yusuf AL-BAGHDADI");
  EXPECT_THAT(Texts(n), ElementsAre("abdrahman", "yusuf", "baghdadi"));
  EXPECT_THAT(n.dropped, ElementsAre("mullah", "bin", "al"));
  for (const char* spelling : {"Abdulrahman", "Abdul Rahman", "Abd al-Rahman", "Abdurrahman",
                               "abd-el-rahman", "Abd Rahman"}) {
    EXPECT_THAT(Texts(norm_->Normalize(spelling)), ElementsAre("abdrahman")) << spelling;
  }
  // Abd is not Abu: the kunya stays a token of its own.
  EXPECT_THAT(Texts(norm_->Normalize("Abu Bakr")), ElementsAre("abu", "bakr"));
  EXPECT_THAT(Texts(norm_->Normalize("Abdullah")), ElementsAre("abdlah"));
  EXPECT_THAT(Texts(norm_->Normalize("Abd Allah")), ElementsAre("abdallah"));
}

// One typo in the Abd prefix (the typo kinds `cordon validate` generates, on the UN list's
// "ABDUL HAQ", QDi.268, "JIBRIL ABDULKARIM IBRAHIM MAYU", SDi.004, and "Fitiwi Abdelrazak",
// LYi.022) still makes the compound; it used to leave tokens that share nothing with "abdhaq".
// Known names one edit from a prefix (Adel, Adil) and the Abu forms (Abul, Abol) stay apart.
// An article written apart is one before the word it belongs to, a name word at the end of a
// name: UN KPi.029 "Pak Chun Il" keeps its syllable Il, "Saqr al Jadawi" loses its al. The
// legal forms AD (Bulgarian) and AS (Turkish), which are articles' spellings too, end company
// names on OFAC's list and stay dropped there ("REX LOTTO AD").
TEST_F(NormalizerTest, AnArticleAtTheEndIsANameWord) {
  EXPECT_THAT(Texts(norm_->Normalize("Pak Chun Il")), ElementsAre("pak", "chun", "il"));
  EXPECT_THAT(Texts(norm_->Normalize("KIM, Jong Il")), ElementsAre("kim", "jong", "il"));
  EXPECT_THAT(Texts(norm_->Normalize("Saqr al Jadawi")), ElementsAre("saqr", "jadawi"));
  // al and el at the end are a surname's article left behind ("BAGHDADI, Abu Bakr al").
  EXPECT_THAT(Texts(norm_->Normalize("BAGHDADI, Abu Bakr al")),
              ElementsAre("baghdadi", "abu", "bakr"));
  EXPECT_THAT(Texts(norm_->Normalize("REX LOTTO AD")), ElementsAre("rex", "lotto"));
  EXPECT_THAT(Texts(norm_->Normalize("CAPITAL HOLDING AS")), ElementsAre("capital", "holding"));
}

TEST_F(NormalizerTest, MisspeltAbdPrefixes) {
  for (const char* spelling :
       {"Adul Haq", "Abdum Haq", "Abrdul Haq", "Adbul Haq", "Abbdul Haq", "Abdlu Haq"}) {
    EXPECT_THAT(Texts(norm_->Normalize(spelling)), ElementsAre("abdhaq")) << spelling;
  }
  EXPECT_THAT(Texts(norm_->Normalize("JIBRIL ADULKARIM IBRAHIM MAYU")),
              ElementsAre("jibril", "abdkarim", "ibrahim", "mayu"));
  EXPECT_THAT(Texts(norm_->Normalize("Abduulkarim")), ElementsAre("abdkarim"));
  EXPECT_THAT(Texts(norm_->Normalize("Fitiwi Adbelrazak")), ElementsAre("fitiwi", "abdrazak"));
  EXPECT_THAT(Texts(norm_->Normalize("Adullah")), ElementsAre("abdlah"));
  // A name run into the Abd name after it (the missing-space variants of UN SDi.004 and UK
  // 14143 "Muhammad Abd Al-Karim AL-GHAMARI").
  EXPECT_THAT(Texts(norm_->Normalize("JIBRILABDULKARIM IBRAHIM MAYU")),
              ElementsAre("jibril", "abdkarim", "ibrahim", "mayu"));
  EXPECT_THAT(Texts(norm_->Normalize("MuhammadAbd Al-Karim AL-GHAMARI")),
              ElementsAre("muhammad", "abdkarim", "ghamari"));
  EXPECT_THAT(Texts(norm_->Normalize("Salahabdallah")), ElementsAre("salah", "abdlah"));
  EXPECT_THAT(Texts(norm_->Normalize("Adel Haq")), ElementsAre("adel", "haq"));
  EXPECT_THAT(Texts(norm_->Normalize("Adil Rahman")), ElementsAre("adil", "rahman"));
  EXPECT_THAT(Texts(norm_->Normalize("Abul Kalam")), ElementsAre("abul", "kalam"));
  EXPECT_THAT(Texts(norm_->Normalize("Abol Fazl")), ElementsAre("abol", "fazl"));
  // Without token statistics nothing is known to be a misspelling: only exact prefixes join.
  static const KnowledgeTables kNone = KnowledgeTables::Parse("", "", "");
  auto bare = Normalizer::Create(&kNone);
  ASSERT_TRUE(bare.ok()) << bare.status();
  EXPECT_THAT(Texts((*bare)->Normalize("Adul Haq")), ElementsAre("adul", "haq"));
}

// Acronyms written with dots or hyphens are one token, as the lists write them: OFAC "T.D.G."
// (8408) and "I.C.I.C. KFT." (36358), UK LLC "T.R.O.S." (16671), UN "G-9" (HTe.002), and dotted
// legal forms. Two letters alone stay initials.
TEST_F(NormalizerTest, DottedAcronyms) {
  EXPECT_THAT(Texts(norm_->Normalize("T.D.G.")), ElementsAre("tdg"));
  EXPECT_THAT(Texts(norm_->Normalize("I.C.I.C. KFT.")), ElementsAre("icic"));
  EXPECT_THAT(Texts(norm_->Normalize("LLC \"T.R.O.S.\"")), ElementsAre("tros"));
  EXPECT_THAT(Texts(norm_->Normalize("G-9")), ElementsAre("g9"));
  EXPECT_THAT(Texts(norm_->Normalize("GRUPO W S.A.")), ElementsAre("grupo", "w"));
  EXPECT_THAT(Texts(norm_->Normalize("ACME L.L.C")), ElementsAre("acme"));
  EXPECT_THAT(Texts(norm_->Normalize("BOYARKIN, V.A.")), ElementsAre("boyarkin", "v", "a"));
  EXPECT_THAT(Texts(norm_->Normalize("S. M. Tufail")), ElementsAre("s", "m", "tufail"));
  // A dotted legal form run into the word before it.
  EXPECT_THAT(Texts(norm_->Normalize("UNIDASS.A.")), ElementsAre("unidas"));
  EXPECT_THAT(Texts(norm_->Normalize("IRASCOS.R.L.")), ElementsAre("irasco"));
  // Spaced or doubly punctuated letters beside a name are not an acronym; a name that is nothing
  // but letters is one (normalize/6).
  EXPECT_THAT(Texts(norm_->Normalize("T. D. G. Tufail")), ElementsAre("t", "d", "g", "tufail"));
  EXPECT_THAT(Texts(norm_->Normalize("T. D. G.")), ElementsAre("tdg"));
}

TEST_F(NormalizerTest, OrganisationsAndVessels) {
  EXPECT_THAT(Texts(norm_->Normalize("OOO \"Sovfracht\"")), ElementsAre("sovfracht"));
  EXPECT_THAT(Texts(norm_->Normalize("The Al Amal Trading Co., Ltd.")),
              ElementsAre("amal", "trading"));
  EXPECT_THAT(Texts(norm_->Normalize("M/V ADRIAN DARYA 1")), ElementsAre("adrian", "darya", "1"));
  // A name made only of legal forms keeps them: nothing else could identify it.
  EXPECT_THAT(Texts(norm_->Normalize("Company Limited")), ElementsAre("company", "limited"));
}

TEST_F(NormalizerTest, GluedAndMisspeltLegalForms) {
  // Legal forms run into the neighbouring word are split off and dropped (real OFAC names with
  // the space removed).
  EXPECT_THAT(Texts(norm_->Normalize("CENTURONICLTD")), ElementsAre("centuronic"));
  EXPECT_THAT(Texts(norm_->Normalize("OOOVOLGA GROUP")), ElementsAre("volga", "group"));
  EXPECT_THAT(Texts(norm_->Normalize("LIMITEDLIABILITYCOMPANY RIVER PARK")),
              ElementsAre("river", "park"));
  EXPECT_THAT(Texts(norm_->Normalize("JOINTSTOCK COMPANY MIKRON")), ElementsAre("mikron"));
  // One typo in "joint stock" still makes it the legal form.
  EXPECT_THAT(Texts(norm_->Normalize("JOINT STOQCK COMPANY RIF")), ElementsAre("rif"));
  EXPECT_THAT(Texts(norm_->Normalize("IRISL EUROPE GLBH")), ElementsAre("irisl", "europe"));
  // ... but not a four-letter form that names share letters with.
  EXPECT_THAT(Texts(norm_->Normalize("Karl Sara")), ElementsAre("karl", "sara"));
  // Not split: words that merely end like a legal form, and a remainder under 3 letters.
  EXPECT_THAT(Texts(norm_->Normalize("Corporativo Forest")), ElementsAre("corporativo", "forest"));
  EXPECT_THAT(Texts(norm_->Normalize("Baltic Kansas")), ElementsAre("baltic", "kansas"));
  EXPECT_THAT(Texts(norm_->Normalize("Ailtd")), ElementsAre("ailtd"));
}

TEST_F(NormalizerTest, ArabicScriptWithoutTables) {
  // محمد عبد الرحمن أسامة through ICU alone: no vowels in the script, so tokens are compared by
  // skeleton.
  static const KnowledgeTables kNone = KnowledgeTables::Parse("", "", "");
  auto plain = Normalizer::Create(&kNone);
  ASSERT_TRUE(plain.ok());
  const NormalizedName n = (*plain)->Normalize("محمد عبد الرحمن أسامة");
  EXPECT_EQ(n.script, "Arab");
  EXPECT_THAT(Texts(n), ElementsAre("mhmd", "abdrhmn", "asam"));
  EXPECT_FALSE(n.tokens[0].latin_source);
  EXPECT_EQ(n.tokens[0].skeleton, Skeleton("muhammad"));
  EXPECT_EQ(n.tokens[1].skeleton, Skeleton("abdrahman"));
  EXPECT_EQ(n.tokens[2].skeleton, Skeleton("usama"));
  // Persian letters (پ گ ی ک) come through Arabic-Latin too.
  EXPECT_THAT(Texts((*plain)->Normalize("پرویز کریمی")), ElementsAre("prwyz", "krymy"));
}

TEST_F(NormalizerTest, ArabicScriptWithTable) {
  // With the embedded arabic_latin table, a known word takes its most common Latin spelling and
  // keeps the others as alternatives (data/tables/arabic_latin.tsv, learnt by
  // tools/build_arabic_latin.py; whatever the table says, the word must come out in Latin).
  const NormalizedName n = norm_->Normalize("محمد");
  ASSERT_EQ(n.tokens.size(), 1u);
  const std::vector<std::string>* spellings = norm_->tables().ArabicLatin("محمد");
  if (spellings == nullptr) GTEST_SKIP() << "no arabic_latin table embedded";
  EXPECT_EQ(n.tokens[0].text, (*spellings)[0]);
  EXPECT_EQ(n.tokens[0].alts.size(), spellings->size() - 1);
  EXPECT_EQ(n.tokens[0].skeleton, "mhmd");
}

// "عبد" and the article word after it are one name (Abd al-Majid) and read as one token. The
// table must not give the article word a spelling that already holds "abd": ar2en pairs "المجيد"
// with "abdulmajid" (and النبي, المالك, الدايم alike), and tools/build_arabic_latin.py took them
// until it checked that the Latin consonants are the Arabic letters' (normalize/12); the UN's
// "عبد المجيد عزيز الزنداني" (QDi.156) then read "abdabdulmajid". Every "عبد ال..." of the lists'
// non-Latin names (data/names/cross_script/pairs.tsv) is checked.
TEST_F(NormalizerTest, ListAbdNamesSpellAbdOnce) {
  std::ifstream in(std::string(CORDON_DATA_DIR) + "/names/cross_script/pairs.tsv");
  ASSERT_TRUE(in) << "no pairs.tsv";
  std::set<std::string> names;
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> f;
    std::stringstream cols(line);
    for (std::string c; std::getline(cols, c, '\t');) f.push_back(c);
    if (f.size() != 7 || f[2] != "Arab") continue;
    std::stringstream ws(f[4]);
    std::vector<std::string> words;
    for (std::string w; ws >> w;) words.push_back(w);
    for (size_t i = 0; i + 1 < words.size(); ++i) {
      if (words[i] == "عبد" && words[i + 1].rfind("ال", 0) == 0) {
        names.insert(words[i] + " " + words[i + 1]);
      }
    }
  }
  ASSERT_GT(names.size(), 40u);
  for (const std::string& name : names) {
    const NormalizedName n = norm_->Normalize(name);
    ASSERT_EQ(n.tokens.size(), 1u) << name;
    const std::string& text = n.tokens[0].text;
    EXPECT_EQ(text.find("abd", 1), std::string::npos) << name << " -> " << text;
  }
}

// The Maghrebi nasab chain: OFAC 7832 "ESSAADI, Moussa Ben Amor Ben Ali" (the UN writes
// "موسى بن عمر بن علي السعدي", whose بن the rules drop) loses its two inner bens; a lone inner
// "Ben" is a surname's word and stays (OFAC "BEN SOLTANE, Adel", "Zine El Abidine Ben Ali").
TEST_F(NormalizerTest, MaghrebiBenChainIsConnectors) {
  const NormalizedName chain = norm_->Normalize("ESSAADI, Moussa Ben Amor Ben Ali");
  EXPECT_THAT(Texts(chain), ElementsAre("essaadi", "moussa", "amor", "ali"));
  EXPECT_THAT(chain.dropped, ElementsAre("ben", "ben"));
  EXPECT_THAT(Texts(norm_->Normalize("BEN SOLTANE, Adel Ben Al-Azhar Ben Youssef")),
              ElementsAre("ben", "soltane", "adel", "azhar", "youssef"));
  EXPECT_THAT(Texts(norm_->Normalize("BEN SOLTANE, Adel")), ElementsAre("ben", "soltane", "adel"));
  EXPECT_THAT(Texts(norm_->Normalize("Zine El Abidine Ben Ali")),
              ElementsAre("zine", "abidine", "ben", "ali"));
  // A ben glued to a known word of a chain is split off first (UN QDi.386 as cordon validate's
  // missing_space variant writes it), so the chain reads as the list's.
  EXPECT_EQ(Texts(norm_->Normalize("MOUNIRBEN DHAOU BEN BRAHIM BEN HELAL")),
            Texts(norm_->Normalize("MOUNIR BEN DHAOU BEN BRAHIM BEN HELAL")));
}

// A list surname with its article is no misspelt Abd prefix: OFAC 6939 "AL-AHDAL, Mohammad Hamdi
// Mohammad Sadiq" (the token statistics hold "alahdal") read "abdmohammad" before normalize/12.
TEST_F(NormalizerTest, ListSurnameWithArticleIsNoMisspeltAbd) {
  EXPECT_THAT(Texts(norm_->Normalize("AL-AHDAL, Mohammad Hamdi Mohammad Sadiq")),
              ElementsAre("ahdal", "mohammad", "hamdi", "mohammad", "sadiq"));
}

// Every word of Arabic or Cyrillic letters that a bundled list writes (the non-Latin names of
// data/names/cross_script/pairs.tsv, all of the lists' such names) reaches the transliteration
// model with its letters: each of its tokens carries them (Token::source). Before normalize/11,
// 123 of these 6,420 words lost them: ICU left the Urdu and Pashto letters (the UN's "إبراھیم",
// "چوہدری") and the Serbian ones ("Жељка") as they were and the word fell apart there, a dashed
// word ("نیازی-انگیلی", "Альфа-Банк") became two tokens without letters, and BGN's double prime
// for ъ split "Объединение".
TEST_F(NormalizerTest, EveryArabicAndCyrillicListWordKeepsItsLetters) {
  std::ifstream in(std::string(CORDON_DATA_DIR) + "/names/cross_script/pairs.tsv");
  ASSERT_TRUE(in) << "no pairs.tsv";
  std::set<std::string> words;
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> f;
    std::stringstream cols(line);
    for (std::string c; std::getline(cols, c, '\t');) f.push_back(c);
    if (f.size() != 7 || (f[2] != "Arab" && f[2] != "Cyrl")) continue;
    std::stringstream ws(f[4]);
    for (std::string w; ws >> w;) {
      // Only words wholly of the model's letters (and dashes): Symbols is empty for any other
      // character (punctuation, digits, another script).
      bool letters = true;
      std::stringstream pieces(w);
      for (std::string p; std::getline(pieces, p, '-');) {
        letters = letters && (p.empty() || !TranslitModel::Symbols(p).empty());
      }
      if (letters && w.find_first_not_of('-') != std::string::npos) words.insert(w);
    }
  }
  ASSERT_GT(words.size(), 6000u);
  size_t lost = 0;
  for (const std::string& w : words) {
    const NormalizedName n = norm_->Normalize(w);
    for (const Token& t : n.tokens) {
      if (t.source.empty()) {
        ++lost;
        ADD_FAILURE() << w << " -> " << t.text << " without its letters";
      }
    }
  }
  EXPECT_EQ(lost, 0u);
}

// A title written in Arabic script is dropped as its Latin spelling is (UN TAi.154 "حاجى مالك
// نورزى", OFAC "NOORZAI, Hajji Malik"; UN QDi.298 "شيخ يونس الموريتاني"), and no word of Arabic
// or Cyrillic script is taken for a Latin spelling of the article: عز of Izz al-Din reads "az",
// which the rules dropped as the assimilated article (uk:12730 "عز الدين إسماعيل" is Ezzedine
// ISMAEL), nor Ан (the Korean surname An in Cyrillic).
TEST_F(NormalizerTest, ArabicScriptTitlesAndNoLatinArticles) {
  const NormalizedName haji = norm_->Normalize("حاجى مالك نورزى");
  EXPECT_EQ(haji.tokens.size(), 2u);
  EXPECT_EQ(haji.dropped.size(), 1u);
  EXPECT_EQ(Texts(haji), Texts(norm_->Normalize("مالك نورزى")));
  EXPECT_EQ(norm_->Normalize("شيخ يونس الموريتاني").tokens.size(), 2u);
  EXPECT_EQ(norm_->Normalize("عبد التواب ملا حويش").tokens.size(), 2u);
  EXPECT_EQ(norm_->Normalize("عز الدين إسماعيل").tokens.size(), 3u);
  EXPECT_EQ(norm_->Normalize("Ан Алексей").tokens.size(), 2u);
  // The article written apart in Arabic script is still one (UN QDi.420 "... ال خویت").
  EXPECT_THAT(norm_->Normalize("ال خویت").dropped, ElementsAre("al"));
}

TEST_F(NormalizerTest, CyrillicGreekHan) {
  // Tajik letters (ҳ қ ӣ) are mapped before the BGN Russian table, which would leave them.
  EXPECT_THAT(Texts(norm_->Normalize("Мухаммад Абдуллоҳ Қодирӣ Шарипов")),
              ElementsAre("mukhammad", "abdloh", "qodiri", "sharipov"));
  EXPECT_THAT(Texts(norm_->Normalize("Γιώργος Παπαδόπουλος")),
              ElementsAre("giorgos", "papadopoulos"));
  // Pinyin writes surname and given name as one word each (GB/T 28039-2011).
  EXPECT_THAT(Texts(norm_->Normalize("习近平")), ElementsAre("xi", "jinping"));
  EXPECT_THAT(Texts(norm_->Normalize("欧阳文伟")), ElementsAre("ouyang", "wenwei"));
  EXPECT_THAT(Texts(norm_->Normalize("立伟 易")), ElementsAre("liwei", "yi"));
  EXPECT_THAT(Texts(norm_->Normalize("王")), ElementsAre("wang"));
  // Romanised with their vowels, Han and Hangul tokens compare as Latin spellings do; Arabic and
  // Hebrew, which leave short vowels out, do not (the skeleton rules are for them).
  EXPECT_TRUE(norm_->Normalize("立伟").tokens.at(0).latin_source);
  EXPECT_TRUE(norm_->Normalize("가영").tokens.at(0).latin_source);
  EXPECT_FALSE(norm_->Normalize("محمد").tokens.at(0).latin_source);
  EXPECT_FALSE(norm_->Normalize("משה").tokens.at(0).latin_source);
}

// Hangul (normalize/hangul.h): one token per syllable, spelt as the DPRK writes names, the
// surname split off. The five Hangul aliases of the UK list (ofsi_conlist_2025-04-10.csv) give
// the DPRK's own Latin spellings beside them.
TEST_F(NormalizerTest, HangulSyllablesInTheDprkSpelling) {
  EXPECT_THAT(Texts(norm_->Normalize("김영복")), ElementsAre("kim", "yong", "bok"));
  EXPECT_THAT(Texts(norm_->Normalize("노광철")), ElementsAre("no", "kwang", "chol"));
  EXPECT_THAT(Texts(norm_->Normalize("리창호")), ElementsAre("ri", "chang", "ho"));
  EXPECT_THAT(Texts(norm_->Normalize("리송진")), ElementsAre("ri", "song", "jin"));
  EXPECT_THAT(Texts(norm_->Normalize("신금철")), ElementsAre("sin", "kum", "chol"));
  EXPECT_THAT(Texts(norm_->Normalize("김정은")), ElementsAre("kim", "jong", "un"));
  // Written apart, given name first as the negative corpus writes them: the one-syllable word
  // is the surname.
  EXPECT_THAT(Texts(norm_->Normalize("정은 김")), ElementsAre("jong", "un", "kim"));
  // Two-syllable surnames are one token before a given name; alone, 선우 is a given name.
  EXPECT_THAT(Texts(norm_->Normalize("남궁민수")), ElementsAre("namgung", "min", "su"));
  EXPECT_THAT(Texts(norm_->Normalize("선우")), ElementsAre("son", "u"));
  EXPECT_THAT(Texts(norm_->Normalize("선우진")), ElementsAre("sonu", "jin"));

  auto alts = [](const Token& t) {
    std::vector<std::string> v;
    for (const Alt& a : t.alts) v.push_back(a.text);
    return v;
  };
  const NormalizedName kju = norm_->Normalize("김정은");
  for (const Token& t : kju.tokens) EXPECT_TRUE(t.syllabic()) << t.text;
  EXPECT_EQ(kju.tokens[1].source, "정");
  // Revised Romanization and the usual spellings are alternatives.
  EXPECT_THAT(alts(kju.tokens[0]), Contains("gim"));
  EXPECT_THAT(alts(kju.tokens[1]), IsSupersetOf({"jeong", "chung", "jung", "chong"}));
  EXPECT_THAT(alts(kju.tokens[2]), Contains("eun"));
  // A surname's usual spellings; 리 (DPRK) and 이 (South) are one surname.
  const Token ri = norm_->Normalize("리창호").tokens[0];
  EXPECT_THAT(alts(ri), IsSupersetOf({"lee", "yi", "rhee", "i"}));
  EXPECT_EQ(ri.source, norm_->Normalize("이창호").tokens[0].source);
  EXPECT_THAT(alts(norm_->Normalize("박").tokens[0]), IsSupersetOf({"park", "bak"}));
  // A syllable of one letter is a name word, not an initial, and no structure rule drops a
  // syllable that spells a title or legal form (안 An, 사 Sa).
  EXPECT_FALSE(norm_->Normalize("이").tokens.at(0).initial());
  EXPECT_THAT(Texts(norm_->Normalize("안사")), ElementsAre("an", "sa"));
}

// Names of the bundled lists that could not find their own entity before normalize/6
// (every_list_name_test): BGN's separating middle dot, a script change after a hyphen, names that
// are only initials once the legal form is gone.
TEST_F(NormalizerTest, ListNamesThatLostTokens) {
  EXPECT_THAT(Texts(norm_->Normalize("МТС")), ElementsAre("mts"));  // uk MTS, t·s in BGN
  EXPECT_THAT(Texts(norm_->Normalize("Светлана")), ElementsAre("svetlana"));
  EXPECT_THAT(Texts(norm_->Normalize("T-банк")), ElementsAre("t", "bank"));  // uk:15917
  EXPECT_THAT(Texts(norm_->Normalize("Альфа-Bank")), ElementsAre("alfa", "bank"));
  // Scripts mixed inside one word (a Cyrillic а in a Latin name) are read letter by letter.
  EXPECT_THAT(Texts(norm_->Normalize("B\u0430shir")), ElementsAre("bashir"));
  // Look-alike letters of the other script are read in the word's own (UTS #39 confusables): the
  // Canadian list writes the Belarusian і of "Віктар Уладзіміравіч Сойка" as a Latin i.
  const NormalizedName typed = norm_->Normalize("Вiктар Уладзiмiравiч Сойка");
  const NormalizedName cyrillic = norm_->Normalize("Віктар Уладзіміравіч Сойка");
  EXPECT_THAT(Texts(typed), ElementsAreArray(Texts(cyrillic)));
  ASSERT_EQ(typed.tokens.size(), 3u);
  EXPECT_EQ(typed.tokens[0].source, cyrillic.tokens[0].source);
  EXPECT_FALSE(typed.tokens[0].source.empty());  // the transliteration model reads it
  EXPECT_THAT(Texts(norm_->Normalize("E. S. Co.")), ElementsAre("es"));  // un:IRe.014
  EXPECT_THAT(Texts(norm_->Normalize("LIMITED LIABILITY COMPANY I T C")), ElementsAre("itc"));
  EXPECT_THAT(Texts(norm_->Normalize("B&H")), ElementsAre("bh"));
  // Initials beside a name stay initials.
  EXPECT_THAT(Texts(norm_->Normalize("V.A. BOYARKIN")), ElementsAre("v", "a", "boyarkin"));
}

TEST(SkeletonTest, VowelFreeForms) {
  EXPECT_EQ(Skeleton("muhammad"), "mhmd");
  EXPECT_EQ(Skeleton("mohammed"), "mhmd");
  EXPECT_EQ(Skeleton("usama"), "asm");
  EXPECT_EQ(Skeleton("osamah"), "asm");
  EXPECT_EQ(Skeleton("yousef"), "ysf");
  EXPECT_EQ(Skeleton("qari"), Skeleton("kari"));
  EXPECT_EQ(Skeleton("sheikh"), "shkh");
  // gh/dh/th romanise ghayn, dhal and tha, also written g, d and t.
  EXPECT_EQ(Skeleton("baghdadi"), Skeleton("bagdady"));
  EXPECT_EQ(Skeleton("uthman"), Skeleton("utman"));
  EXPECT_NE(Skeleton("khalid"), Skeleton("kalid"));
}

TEST(TablesTest, ParsesAndVersions) {
  const KnowledgeTables t = KnowledgeTables::Parse(
      "# source: test\nmuhammad\tmohammed\tmehmet\nyusuf\tyousef\nbad\n",
      "#total\t100\t200\nmuhammad\t900\t50000\nkhan\tx\t1\n", "محمد\tmuhammad\tmohammed\n");
  EXPECT_EQ(t.VariantGroup("mehmet"), t.VariantGroup("muhammad"));
  EXPECT_NE(t.VariantGroup("yusuf"), t.VariantGroup("muhammad"));
  EXPECT_EQ(t.VariantGroup("khan"), 0u);
  ASSERT_NE(t.Stats("muhammad"), nullptr);
  EXPECT_EQ(t.Stats("muhammad")->population_count, 50000u);
  EXPECT_EQ(t.Stats("khan"), nullptr);
  EXPECT_EQ(t.list_total(), 100u);
  EXPECT_EQ(t.population_total(), 200u);
  EXPECT_EQ(t.skipped_lines(), 2u);  // "bad" (one field) and "khan\tx\t1" (not a count)
  ASSERT_NE(t.ArabicLatin("محمد"), nullptr);
  EXPECT_EQ((*t.ArabicLatin("محمد"))[1], "mohammed");
  EXPECT_EQ(t.version().substr(0, 7), "tables:");
  EXPECT_EQ(KnowledgeTables::Parse("", "", "").version(), "tables:none");
}

}  // namespace
}  // namespace cordon::normalize

namespace cordon::normalize {
namespace {

class NumberAndInitialTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto n = Normalizer::Create();
    ASSERT_TRUE(n.ok()) << n.status();
    norm_ = n->release();
  }
  static std::vector<std::string> T(std::string_view name) { return Texts(norm_->Normalize(name)); }
  static Normalizer* norm_;
};
Normalizer* NumberAndInitialTest::norm_ = nullptr;

// The vessel "SEA STAR III" (OFAC SDN 15076), "TAIYO II" (UK DPR0110) and "Hilarion DEL ROSARIO
// SANTOS III" (UN QDi.244): a Roman numeral, its digits and its English word are one token, and
// another number stays another token.
TEST_F(NumberAndInitialTest, NumeralsAsWordsRomanAndDigits) {
  EXPECT_THAT(T("SEA STAR III"), ElementsAre("sea", "star", "3"));
  EXPECT_EQ(T("SEA STAR 3"), T("SEA STAR III"));
  EXPECT_EQ(T("Sea Star Three"), T("SEA STAR III"));
  EXPECT_THAT(T("SEA STAR IV"), ElementsAre("sea", "star", "4"));
  EXPECT_THAT(T("TAIYO II"), ElementsAre("taiyo", "2"));
  EXPECT_THAT(T("DEL ROSARIO SANTOS III, Hilarion"),
              ElementsAre("del", "rosario", "santos", "3", "hilarion"));
  EXPECT_EQ(NumeralDigits("xiv"), "14");
  EXPECT_EQ(NumeralDigits("xxxix"), "39");
  // Not numerals: a lone letter (an initial), non-standard forms, other words.
  for (const char* t : {"i", "v", "x", "iiii", "vv", "ixi", "xxxx", "liv", "mix", "dix", "vic"}) {
    EXPECT_EQ(NumeralDigits(t), "") << t;
  }
  // Xi and Vi are names (Chinese, Vietnamese) before they are numerals.
  EXPECT_THAT(T("XI Jinping"), ElementsAre("xi", "jinping"));
  // A lone digit is a number, not an initial.
  EXPECT_FALSE(norm_->Normalize("Project 3").tokens.back().initial());
  EXPECT_TRUE(norm_->Normalize("J Smith").tokens.front().initial());
}

// Initials of hyphenated given names: "PIVI, Jean-Claude" (UK GUC0004), "BOZIZE, Jean-Francis"
// (OFAC SDN 46311). "J.-C." is two initials; "JC" written as one word after the surname is too.
TEST_F(NumberAndInitialTest, InitialsOfHyphenatedGivenNames) {
  EXPECT_THAT(T("J.-C. PIVI"), ElementsAre("j", "c", "pivi"));
  EXPECT_THAT(T("PIVI, J.-C."), ElementsAre("pivi", "j", "c"));
  EXPECT_THAT(T("PIVI, JC"), ElementsAre("pivi", "j", "c"));
  EXPECT_THAT(T("BOZIZE, JF"), ElementsAre("bozize", "j", "f"));
  EXPECT_THAT(T("Jean-Claude PIVI"), ElementsAre("jean", "claude", "pivi"));
  // Not split: a syllable that is a person's name (Ng), a suffix, a pair that starts a name, where
  // organisations write their acronyms (OFAC's "BM BANK JSC", "AO KB ARSENAL").
  EXPECT_THAT(T("CHAN, Ng"), ElementsAre("chan", "ng"));
  EXPECT_THAT(T("SMITH, Jr"), ElementsAre("smith", "jr"));
  EXPECT_THAT(T("BM BANK JSC"), ElementsAre("bm", "bank"));
  EXPECT_THAT(T("AO KB ARSENAL"), ElementsAre("kb", "arsenal"));
}

// The Abd prefix written after its noun: OFAC writes "SAMAD, Abdul", "RAUF, Abdul", "RASHID
// BALUCH, Abdul", "UR-REHMAN, Abd"; the UK list "ALLAH, Abd" and "AL-HADI, Abd". Read in order
// they are the compounds the natural order gives.
TEST_F(NumberAndInitialTest, AbdPrefixAfterItsNoun) {
  EXPECT_EQ(T("SAMAD, Abdul"), T("Abdul Samad"));
  EXPECT_THAT(T("SAMAD, Abdul"), ElementsAre("abdsamad"));
  EXPECT_EQ(T("RASHID BALUCH, Abdul"), T("Abdul Rashid Baluch"));
  EXPECT_EQ(T("ALLAH, Abd"), T("Abd Allah"));
  EXPECT_EQ(T("AL-HADI, Abd"), T("Abd al-Hadi"));
  EXPECT_EQ(T("Rauf Abdul"), T("Abdul Rauf"));
  // A bare "Abd" ending a name of its own is left, without a comma, as it was.
  EXPECT_THAT(T("Muhammad Abd"), ElementsAre("muhammad", "abd"));
  EXPECT_THAT(T("Muhammad Rauf Abdul"), ElementsAre("muhammad", "rauf", "abdul"));
}

}  // namespace
}  // namespace cordon::normalize
