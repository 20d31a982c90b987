#include "normalize/legal_forms.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "normalize/normalizer.h"

namespace cordon::normalize {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> Texts(const NormalizedName& n) {
  std::vector<std::string> out;
  for (const Token& t : n.tokens) out.push_back(t.text);
  return out;
}

class LegalFormsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto n = Normalizer::Create();
    ASSERT_TRUE(n.ok()) << n.status();
    norm_ = n->release();
  }
  static Normalizer* norm_;
};
Normalizer* LegalFormsTest::norm_ = nullptr;

// OFAC SDN 18710 gives the same bank as "SETELEM BANK LIMITED LIABILITY COMPANY", "SETELEM BANK
// OOO" and "SETELEM BANK OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU"; the Russian as Russian
// writes it, and the spellings the lists also use (OGRANICHENNOY, OTVETSTVENNOSTIU), read alike.
TEST_F(LegalFormsTest, RussianLimitedLiabilityCompanyInEveryWriting) {
  for (const char* name :
       {"SETELEM BANK LIMITED LIABILITY COMPANY", "SETELEM BANK OOO",
        "SETELEM BANK OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU",
        "SETELEM BANK OBSHCHESTVO S OGRANICHENNOY OTVETSTVENNOSTIU",
        "Общество с ограниченной ответственностью Сетелем Банк", "ООО Сетелем Банк"}) {
    const NormalizedName n = norm_->Normalize(name);
    EXPECT_THAT(Texts(n), ElementsAre("setelem", "bank")) << name;
  }
  // The spelt-out form is one dropped entry.
  EXPECT_THAT(norm_->Normalize("SETELEM BANK OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU").dropped,
              ElementsAre("obshchestvo s ogranichennoi otvetstvennostyu"));
}

// The form's words run together or into the name ("cordon validate" makes these of OFAC 40208
// "OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU PROEKT" and 48104 "... LAITKHAUS").
TEST_F(LegalFormsTest, FormWordsRunTogether) {
  for (const char* name : {"OBSHCHESTVO SOGRANICHENNOI OTVETSTVENNOSTYU PROEKT",
                           "OBSHCHESTVOS OGRANICHENNOI OTVETSTVENNOSTYU PROEKT",
                           "OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYUPROEKT"}) {
    EXPECT_THAT(Texts(norm_->Normalize(name)), ElementsAre("proekt")) << name;
  }
  // Not a form when its last word is glued to fewer than three letters.
  EXPECT_THAT(Texts(norm_->Normalize("OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYUPR")),
              ::testing::Contains("otvetstvennostyupr"));
}

// Open, closed and public joint-stock companies as the OFAC and UK lists spell them ("OTKRYTOE
// AKTSIONERNOE OBSHCHESTVO ...", 89 names; "ZAKRYTOE ...", 52), beside their abbreviations.
TEST_F(LegalFormsTest, RussianJointStockCompanies) {
  EXPECT_EQ(Texts(norm_->Normalize("OTKRYTOE AKTSIONERNOE OBSHCHESTVO VOLGA")),
            Texts(norm_->Normalize("OAO VOLGA")));
  EXPECT_EQ(Texts(norm_->Normalize("ZAKRYTOE AKTSIONERNOE OBSHCHESTVO VOLGA")),
            Texts(norm_->Normalize("ZAO VOLGA")));
  EXPECT_EQ(Texts(norm_->Normalize("Открытое акционерное общество Волга")),
            Texts(norm_->Normalize("OAO VOLGA")));
}

// German, Turkish, Spanish and Mexican forms of names on the lists: "IRANISCHE HANDELSBANK
// AKTIENGESELLSCHAFT" (UK), "CorPa Treuhand Aktiengesellschaft" (OFAC), "... TICARET ANONIM
// SIRKETI" (UK and OFAC, 41 names; ISO 20275 writes "anonim şirket"), "... S.A. DE C.V." (OFAC,
// 570 names), "SOCIEDAD ANONIMA DE CAPITAL VARIABLE".
TEST_F(LegalFormsTest, EuropeanAndLatinAmericanForms) {
  EXPECT_THAT(Texts(norm_->Normalize("IRANISCHE HANDELSBANK AKTIENGESELLSCHAFT")),
              ElementsAre("iranische", "handelsbank"));
  EXPECT_EQ(Texts(norm_->Normalize("CorPa Treuhand Aktiengesellschaft")),
            Texts(norm_->Normalize("CorPa Treuhand AG")));
  EXPECT_EQ(Texts(norm_->Normalize("Müller Gesellschaft mit beschränkter Haftung")),
            Texts(norm_->Normalize("Müller GmbH")));
  EXPECT_EQ(Texts(norm_->Normalize("MUELLER GESELLSCHAFT MIT BESCHRAENKTER HAFTUNG")),
            Texts(norm_->Normalize("MUELLER GMBH")));
  EXPECT_THAT(Texts(norm_->Normalize("BEKS GEMI ISLETMECILIGI VE TICARET ANONIM SIRKETI")),
              ElementsAre("beks", "gemi", "isletmeciligi", "ve", "ticaret"));
  EXPECT_EQ(
      Texts(norm_->Normalize("COMPLEJO TURISTICO OASIS, S.A. DE C.V.")),
      Texts(norm_->Normalize("COMPLEJO TURISTICO OASIS SOCIEDAD ANONIMA DE CAPITAL VARIABLE")));
  EXPECT_EQ(Texts(norm_->Normalize("COMPLEJO TURISTICO OASIS SOCIEDAD ANONIMA")),
            Texts(norm_->Normalize("COMPLEJO TURISTICO OASIS SA")));
}

// A name that is nothing but a form keeps it (as it keeps a lone "Company"), and words that only
// resemble a form's first word stay names.
TEST_F(LegalFormsTest, NameMadeOfAFormAndNearWords) {
  EXPECT_FALSE(Texts(norm_->Normalize("Limited Liability Partnership")).empty());
  EXPECT_FALSE(Texts(norm_->Normalize("Obshchestvo s ogranichennoi otvetstvennostyu")).empty());
  EXPECT_THAT(Texts(norm_->Normalize("Sociedad Deportiva Anonima Aurora")),
              ElementsAre("sociedad", "deportiva", "anonima", "aurora"));
}

}  // namespace
}  // namespace cordon::normalize
