// Reading payment and travel messages into the parties to screen.
//
// Supported (the format is detected from the content, never from a file name):
//   - ISO 20022 pacs.008, pacs.009 (and COV), pacs.004, pacs.003, pacs.002,
//     pain.001, pain.008 and camt.056, every version: a bare Document, or any
//     number of head.001 business application header + Document pairs inside
//     any wrapper (recognised by the namespace, not the root element);
//   - SWIFT MT103, MT202 / MT202 COV, MT101, MT110, MT199/299 and other MTs
//     (blocks 1 to 5), one message or a file of many (RJE "$"-separated, or
//     blocks simply following each other, with any F21 ACK/NAK service header
//     in front of a message);
//   - UN/EDIFACT PAXLST (API passenger and crew manifests) and IATA PNRGOV
//     (passenger name records), with or without a UNA service string advice.
// See docs/messages.md for the field-by-field mapping and the paths.
//
// Example:
//   absl::StatusOr<cordon::ParsedMessages> parsed =
//       cordon::ParseMessages("payment.xml", bytes);
//   if (!parsed.ok()) { std::cerr << parsed.status() << "\n"; return 1; }
//   for (const auto& m : parsed->messages) {
//     if (!m.ok()) { std::cerr << m.status() << "\n"; continue; }  // one bad message
//     for (const cordon::Party& p : m->parties) std::cout << p.role << " " << p.name << "\n";
//   }
//
// Errors: a file that is not one of the formats, or not valid UTF-8, fails as a
// whole. Within a file each message stands alone: a malformed message gives an
// error status in its slot (with the byte offset, for EDIFACT also the segment
// number, and the reason) and the messages after it are still read. Every
// error says "byte <offset>:", which MessageErrorOffset returns.
//
// Thread safety: the functions are reentrant and share no mutable state.
#ifndef CORDON_MESSAGES_H_
#define CORDON_MESSAGES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "cordon/entity.h"
#include "cordon/warning.h"

namespace cordon {

enum class MessageFamily : uint8_t {
  kUnknown = 0,
  kIso20022 = 1,  // pacs.008/009/004/003/002, pain.001/008, camt.056 XML
  kSwiftMt = 2,   // SWIFT FIN MT103, MT202, MT202 COV, MT101, MT110, MT199/299 and more
  kPaxlst = 3,    // UN/EDIFACT PAXLST
  kPnrgov = 4,    // IATA PNRGOV (EDIFACT)
};
std::string_view MessageFamilyName(MessageFamily f);  // "iso20022", "swift-mt", ...
// The inverse of MessageFamilyName; nullopt for any other text ("unknown" included).
std::optional<MessageFamily> ParseMessageFamily(std::string_view name);

// Detects the family from the first bytes of a file (4 KiB is enough).
MessageFamily DetectMessageFamily(std::string_view head);

// A travel document (PAXLST DOC, PNRGOV SSR DOCS/DOCO) or an identity
// document named in a payment (ISO PrvtId/Othr with scheme CCPT or NIDN,
// MT103 50F code CCPT or NIDN).
struct TravelDocument {
  std::string type;  // as the message writes it: "P" passport, "V" visa, "CCPT"...
  std::string number;
  std::string country;  // issuing country, ISO 3166-1 alpha-2 lower case ("" if none)
  std::string expiry;   // ISO date "2023-09-20" ("" if none)
  std::string issued;   // ISO date of issue where given
  bool operator==(const TravelDocument&) const = default;
};

// Any other identifier of a party: account numbers, IBANs, clearing member
// IDs, proprietary organisation or private IDs, frequent flyer numbers.
struct PartyId {
  std::string type;  // "account", "iban", "clearing", "TXID", "frequent_flyer", ...
  std::string value;
  std::string issuer;  // scheme or issuer where given
  bool operator==(const PartyId&) const = default;
};

struct PostalAddress {
  std::vector<std::string> lines;  // unstructured lines (ISO AdrLine, MT lines)
  std::string street;              // street name and building number
  std::string postal_code;
  std::string town;
  std::string region;   // country subdivision / state
  std::string country;  // ISO 3166-1 alpha-2 lower case
  bool empty() const {
    return lines.empty() && street.empty() && postal_code.empty() && town.empty() &&
           region.empty() && country.empty();
  }
  bool operator==(const PostalAddress&) const = default;
};

// One party of a message: a person, company or bank to screen.
struct Party {
  // What the party is in the message. Payments use the ISO 20022 names for
  // every family (an MT103 50K is the "debtor"): "debtor", "creditor",
  // "ultimate_debtor", "ultimate_creditor", "initiating_party",
  // "debtor_agent", "creditor_agent", "intermediary_agent_1".."_3",
  // "instructing_agent", "instructed_agent", "previous_instructing_agent_1"..,
  // "instructing_reimbursement_agent", "instructed_reimbursement_agent",
  // "third_reimbursement_agent", "sender", "receiver"; the underlying
  // customer transfer of a pacs.009 COV / MT202 COV prefixes "underlying_".
  // Manifests: "passenger", "crew", "reporting_party"; PNRs: "passenger".
  std::string role;
  // Person, Organization, or nullopt when the message does not say (an MT
  // 50K or 59 may be either). Agents are banks: Organization.
  std::optional<Schema> schema;
  std::string name;        // the full name as the message gives it ("" for a BIC-only bank)
  std::string given_name;  // where the message gives name parts separately
  std::string family_name;
  std::vector<std::string> other_names;  // e.g. the passport name of SSR DOCS when it differs
  PostalAddress address;
  std::string country;  // residence / registration, ISO alpha-2 lower case
  std::string bic;      // BIC8 or BIC11 as written
  std::string lei;
  std::vector<PartyId> ids;
  PartialDate birth_date;
  std::string birth_place;
  std::string nationality;  // ISO alpha-2 lower case
  Gender gender = Gender::kUnknown;
  std::vector<TravelDocument> documents;
  // A date of birth, nationality or country the message gives that could not be read: left out
  // of the party's screening (its names are screened all the same), reported with the result.
  std::vector<AttributeWarning> warnings;
  // Where the party is in the message: "CdtTrfTxInf[0]/Cdtr", ":59F:",
  // "NAD+FL[12]" (EDIFACT: segment number counted from UNH = 1, as UNT counts).
  std::string path;
  // Where its name is: "CdtTrfTxInf[0]/Cdtr/Nm"; equals `path` for MT and EDIFACT.
  std::string name_path;
  bool operator==(const Party&) const = default;
};

// Text that may mention a listed name anywhere: remittance information,
// MT 70/72/77B, purpose, instructions, address lines, PNR remarks.
struct FreeText {
  std::string path;  // "CdtTrfTxInf[0]/RmtInf/Ustrd[0]", ":70:", "IFT[14]"
  // "remittance", "purpose", "instruction", "regulatory", "reason" (ISO AddtlInf of a return,
  // cancellation or status reason), "narrative" (MT 79), "address", "remark" (PNRGOV IFT)
  std::string kind;
  std::string text;  // lines joined with "\n" where the message has lines
  bool operator==(const FreeText&) const = default;
};

struct FlightLeg {
  std::string carrier;  // "UA"
  std::string flight;   // "UA0989"
  std::string origin;   // IATA airport code
  std::string destination;
  std::string departure;  // as written ("1701271725", "270513:1430")
  std::string arrival;
  bool operator==(const FlightLeg&) const = default;
};

// The references of one ISO 20022 transaction (its PmtId), for finding the payment again: a case
// alert shows those of the transaction its party stands in.
struct PaymentReference {
  std::string path;  // the transaction: "CdtTrfTxInf[0]", "UndrlygCstmrCdtTrf" is not one
  std::string end_to_end_id;
  std::string uetr;  // the SWIFT gpi unique end-to-end transaction reference (a UUID)
  std::string instruction_id;
  std::string transaction_id;
  bool operator==(const PaymentReference&) const = default;
};

struct Message {
  MessageFamily family = MessageFamily::kUnknown;
  // "pacs.008.001.08", "pain.001.001.03", "camt.056.001.11", "MT103", "MT202COV", "MT199",
  // "PAXLST", "PNRGOV".
  std::string format;
  // The message's own reference: ISO GrpHdr/MsgId, MT :20:, EDIFACT UNH
  // reference (PNRGOV: the record locator of each PNR is in `locators`).
  std::string id;
  uint64_t offset = 0;  // byte offset of the message in the input
  std::vector<Party> parties;
  std::vector<FreeText> free_texts;
  std::vector<FlightLeg> legs;        // travel messages only
  std::vector<std::string> locators;  // PNRGOV record locators, in order
  // ISO 20022: each transaction's PmtId (EndToEndId, UETR, InstrId, TxId), in order.
  std::vector<PaymentReference> payment_ids;
  // Irregularities that did not stop the message from being read (a UNT
  // segment count that disagrees with the segments counted, a CNT passenger
  // count that disagrees with the NAD segments read).
  std::vector<std::string> notes;
};

struct ParsedMessages {
  MessageFamily family = MessageFamily::kUnknown;
  // One slot per message found, in input order; a malformed message is an
  // error status naming its position and the reason.
  std::vector<absl::StatusOr<Message>> messages;
  // Content outside any message that was skipped (text after UNZ), with its
  // byte offset.
  std::vector<std::string> notes;
};

// Budgets that protect the parsers from hostile or broken input.
struct MessageOptions {
  // Largest input accepted, in bytes. A real batch of pain.001 transfers or a
  // large aircraft's manifest is a few MB; 64 MiB leaves room for big batches.
  uint64_t max_bytes = 64ull << 20;
  // Deepest XML nesting accepted. ISO 20022 messages nest about 12 levels
  // (envelope + Document + ... + PstlAdr/AdrLine); 64 as for the lists.
  int max_xml_depth = 64;
  // Longest single field (XML text, MT field, EDIFACT segment) in bytes. The
  // longest standard fields are a few hundred bytes (MT 72 is 6x35).
  uint64_t max_field_bytes = 64u << 10;
  // Most messages read from one file (a bulk RJE file of a day's traffic).
  uint64_t max_messages = 1'000'000;
};

// The byte offset an error of these readers names ("...: byte 1234: ..."), if any.
std::optional<uint64_t> MessageErrorOffset(const absl::Status& status);

// Detects the family and reads every message of `bytes`. `name` is used in
// error messages only.
absl::StatusOr<ParsedMessages> ParseMessages(std::string_view name, std::string_view bytes,
                                             const MessageOptions& options = {});

// The family-specific readers behind ParseMessages (same contract).
absl::StatusOr<ParsedMessages> ParseIso20022(std::string_view name, std::string_view bytes,
                                             const MessageOptions& options = {});
absl::StatusOr<ParsedMessages> ParseSwiftMt(std::string_view name, std::string_view bytes,
                                            const MessageOptions& options = {});
absl::StatusOr<ParsedMessages> ParsePaxlst(std::string_view name, std::string_view bytes,
                                           const MessageOptions& options = {});
absl::StatusOr<ParsedMessages> ParsePnrgov(std::string_view name, std::string_view bytes,
                                           const MessageOptions& options = {});

}  // namespace cordon

#endif  // CORDON_MESSAGES_H_
