// Screening parsed payment and travel messages (cordon/messages.h) against the
// lists (cordon/screen.h): every party, every free text and, optionally, the
// configured embargoed jurisdictions. docs/messages.md "Screening" has the
// rules and their reasons.
//
// Example:
//   auto screener = cordon::Screener::Create(std::move(*lists));
//   cordon::MessageInspector inspector(screener->get(), {});
//   auto parsed = cordon::ParseMessages("pay.xml", bytes);
//   for (const auto& m : parsed->messages) {
//     if (!m.ok()) continue;  // a bad message: report m.status()
//     cordon::MessageResult r = inspector.Inspect(*m);
//     if (r.decision == cordon::Decision::kHold) {
//       for (const cordon::MessageHit& h : r.hits) std::cout << h.path << " " << h.text << "\n";
//     }
//   }
//
// Thread safety: a MessageInspector is immutable after construction; Inspect()
// may be called from many threads at once. The Screener (and the jurisdiction
// rules, if any) must outlive the inspector.
#ifndef CORDON_INSPECT_H_
#define CORDON_INSPECT_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "cordon/messages.h"
#include "cordon/screen.h"

namespace cordon {

// One configured embargoed place.
struct JurisdictionRule {
  std::string kind;   // "country" (an ISO 3166-1 alpha-2 code) or "place" (a town or region name)
  std::string value;  // "ir" (lower case) or "SEVASTOPOL" (as written in the file)
  std::string label;  // why it is embargoed, shown with every hit (may be empty)
  uint64_t line = 0;  // line of the rule in its file
};

struct JurisdictionRules {
  std::string source;  // the file name the rules came from
  std::vector<JurisdictionRule> rules;
};

// Reads a jurisdiction file: one rule a line, "country<TAB>ir<TAB>label" or
// "place<TAB>Sevastopol<TAB>label"; '#' starts a comment line; blank lines are
// skipped. Errors name the file, the line and the reason. See
// data/jurisdictions/README.md.
absl::StatusOr<JurisdictionRules> ParseJurisdictionRules(std::string_view name,
                                                         std::string_view text);

struct InspectOptions {
  // Hits with score >= threshold hold the message (same scale as ScreenOptions).
  double threshold = kDefaultThreshold;
  // Most list hits kept per screened name or free-text window, best first.
  size_t limit = 5;
  // Longest run of consecutive free-text tokens screened as one name. The
  // longest listed names in use have about six tokens ("ABD AL-RAHMAN MUHAMMAD
  // ZAFIR AL-DUBAYSI AL-JUHANI"); longer ones still match on their aliases.
  size_t max_window_tokens = 6;
  // Embargoed countries and places to check, or nullptr for none. Not owned.
  const JurisdictionRules* jurisdictions = nullptr;
  // Leave out the free-text windows that cannot hold a listed name (a word no listed name has
  // in an exact, variant or transliterated form: engine/strict_precheck.h proves that such a
  // window gives no free-text hit). The results are the same either way; false screens every
  // window, which only benchmarks and the tests that prove the equality need.
  bool skip_unmatchable_windows = true;
};

// kError: the message (or the file) could not be read, so it was not screened and must not be
// cleared; the readers' error names the byte offset and the reason (MessageErrorOffset).
enum class Decision : uint8_t { kPass = 0, kHold = 1, kError = 2 };
std::string_view DecisionName(Decision d);  // "pass", "hold", "error"

// What a MessageHit found. Code decides on these values, never on their spellings;
// MessageHitKindName gives the JSON spelling (one table, src/inspect/inspector.cc).
enum class MessageHitKind : uint8_t {
  kParty = 0,     // "party": a party's name matched a list entry
  kIdentifier,    // "identifier": a party's BIC or LEI is listed
  kText,          // "text": a listed name appears in a free text
  kJurisdiction,  // "jurisdiction": a configured embargoed country or place
};
std::string_view MessageHitKindName(MessageHitKind k);  // "party", "identifier", ...

// One reason to hold a message.
struct MessageHit {
  MessageHitKind kind = MessageHitKind::kParty;
  // The field: a party's name path ("CdtTrfTxInf[0]/Cdtr/Nm", ":59F:",
  // "NAD+FL[12]"), a free text's path (":70:"), or a party's path for its BIC
  // and countries.
  std::string path;
  std::string role;  // the party's role, or the free text's kind ("remittance", ...)
  std::string text;  // the words of the message that matched (name, window, BIC, code, town)
  // "jurisdiction" only: which attribute was checked ("bic", "country",
  // "address.country", "address") and the rule that matched.
  std::string attribute;
  JurisdictionRule rule;
  // "party", "identifier" and "text": the list entry (entity owned by the Screener).
  Hit match;
  // Index of the party in Message::parties the hit belongs to; -1 for free texts.
  int party = -1;
};

// The result of one passenger or crew member of a manifest or PNR.
struct PartyResult {
  int party = -1;  // index in Message::parties
  std::string role;
  std::string path;
  std::string name;
  Decision decision = Decision::kPass;
  std::vector<size_t> hits;  // indexes into MessageResult::hits
};

// A party of a payment the message gives no name for (a bank known only by its BIC, a customer
// only by an account number): it could not be screened by name, only by what `screened` says.
struct UnnamedParty {
  int party = -1;  // index in Message::parties
  std::string role;
  std::string path;
  // What of it was checked against the lists: "bic", "lei" (listed BICs and LEIs); empty when
  // nothing could be (only an account number, or an empty element).
  std::vector<std::string> screened;
};

struct MessageResult {
  MessageFamily family = MessageFamily::kUnknown;
  std::string format;  // as Message::format
  std::string id;      // as Message::id
  uint64_t offset = 0;
  Decision decision = Decision::kPass;  // kHold when `hits` is not empty
  std::vector<MessageHit> hits;         // in message order: parties, then free texts
  // PAXLST and PNRGOV: one result per passenger and crew member, in message
  // order; empty for payments.
  std::vector<PartyResult> passengers;
  // Attributes of the parties that could not be read (Party::warnings), in party order.
  std::vector<AttributeWarning> warnings;
  // Payments: the parties that have no name, in message order (manifests always name them).
  std::vector<UnnamedParty> unnamed;
  std::vector<std::string> notes;  // Message::notes: irregularities that did not stop reading
};

class MessageInspector {
 public:
  // `screener` is not owned. Builds an index of the listed BICs and LEIs.
  MessageInspector(const Screener* screener, InspectOptions options);
  ~MessageInspector();
  MessageInspector(const MessageInspector&) = delete;
  MessageInspector& operator=(const MessageInspector&) = delete;

  MessageResult Inspect(const Message& message) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cordon

#endif  // CORDON_INSPECT_H_
