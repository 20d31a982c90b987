// The real-data check of the matching issue (issue 10, Targets): the non-Latin names the UN and
// UK lists give for people who are also on the OFAC SDN list, which writes names in Latin
// letters only, screened against the OFAC SDN list alone. Each is found when a hit at the default
// threshold is the OFAC entry of the same person (the cluster of
// data/names/cross_script/pairs.tsv). The recall is printed with every miss; the test holds the
// engine at today's figure (a floor, raised when the engine improves; the target is 97%).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "cordon/lists.h"
#include "cordon/screen.h"
#include "validate/cross_script.h"

namespace cordon::validate {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Today's recall on this set minus 2 points of margin; the target is 0.97. normalize/12
// (the Maghrebi "ben" chain, doubled consonants against Arabic script, the evaluation set's
// misplaced names dropped, "AL-AHDAL" no misspelt Abd): 1,042 of 1,107 names (normalize/11: 1,036
// of 1,108 with the Urdu and Pashto letters, dashed words, Arabic-script titles and the name-chain
// discount; 1,022 at normalize/10, 1,007 with the transliteration model of normalize/5, 919 before
// it; docs/validation.md).
constexpr double kRecallFloor = 0.92;

bool OnList(const CrossScriptPair& p, std::string_view prefix) {
  for (const std::string& e : p.entities) {
    if (e.starts_with(prefix)) return true;
  }
  return false;
}

// The non-Latin strings the UN and UK entries of `p`'s cluster write (the original is one of
// them, or a piece of one that packs several names).
bool WrittenByUnOrUk(const CrossScriptPair& p, const std::vector<LoadedList>& un_uk) {
  const std::set<std::string> ids(p.entities.begin(), p.entities.end());
  for (const LoadedList& l : un_uk) {
    for (const Entity& e : l.entities) {
      if (!ids.contains(e.id)) continue;
      for (const Name& n : e.names) {
        if (n.full.find(p.original) != std::string::npos) return true;
      }
    }
  }
  return false;
}

TEST(CrossScriptOfac, UnAndUkOriginalScriptNamesFoundOnOfacAlone) {
  const std::string data = CORDON_DATA_DIR;
  auto pairs = ParseCrossScriptPairs("pairs.tsv", ReadFile(data + "/names/cross_script/pairs.tsv"));
  ASSERT_TRUE(pairs.ok()) << pairs.status();
  auto un_uk = LoadLists({data + "/lists/un", data + "/lists/uk"});
  ASSERT_TRUE(un_uk.ok()) << un_uk.status();
  auto ofac_lists = LoadLists({data + "/lists/ofac-sdn"});
  ASSERT_TRUE(ofac_lists.ok()) << ofac_lists.status();
  auto ofac = Screener::Create(std::move(*ofac_lists));
  ASSERT_TRUE(ofac.ok()) << ofac.status();

  size_t cases = 0, found = 0;
  std::set<std::string> named_clusters_seen;
  for (const CrossScriptPair& p : *pairs) {
    if (p.schema != Schema::kPerson || !OnList(p, "ofac:")) continue;
    if (!(OnList(p, "un:") || OnList(p, "uk:")) || !WrittenByUnOrUk(p, *un_uk)) continue;
    ++cases;
    CrossScriptExample top;
    const bool ok = ScreensToCluster(**ofac, p, kDefaultThreshold, 100, &top);
    found += ok;
    // Sanaullah Ghafari (OFAC 33941, UN QDi.431) and Sirajuddin Haqqani (OFAC 10743), the two
    // names of the issue, are reported whatever the outcome.
    const bool named = OnList(p, "ofac:33941") || OnList(p, "ofac:10743");
    if (named) named_clusters_seen.insert(p.cluster);
    if (!ok || named) {
      std::cout << (ok ? "found " : "MISSED ") << p.original << " (" << p.cluster << ": "
                << p.latin[0] << "); top hit: "
                << (top.other.empty() ? "none" : top.other + " " + std::to_string(top.score))
                << "\n";
    }
  }
  const double recall = cases == 0 ? 0 : static_cast<double>(found) / static_cast<double>(cases);
  std::cout << "UN/UK original-script names of OFAC SDN people screened against OFAC alone: "
            << found << " of " << cases << " found, recall " << recall << "\n";
  EXPECT_EQ(named_clusters_seen.size(), 2u) << "Ghafari and Haqqani are in the set";
  EXPECT_GT(cases, 100u);
  EXPECT_GE(recall, kRecallFloor);
}

}  // namespace
}  // namespace cordon::validate
