import { Autocomplete, BlockStack, InlineStack, Tag, Text } from "@shopify/polaris";
import { useMemo, useState } from "react";
import { countryName } from "../../components/country-names";
import { collator } from "../../format/intl-cache";

// ISO 3166-1 alpha-2: every assigned code (names come from Intl in the merchant's language).
const CODES = (
  "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ " +
  "DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT " +
  "JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ " +
  "OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ " +
  "UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW"
).split(" ");

/** The opt-in regions as named countries: search, pick, remove. The form keeps the codes. */
export function CountryPicker({
  label,
  selected,
  onChange,
  error,
  locale,
}: {
  label: string;
  selected: string[];
  onChange: (codes: string[]) => void;
  error?: string;
  locale: string;
}) {
  const [query, setQuery] = useState("");
  const all = useMemo(
    () =>
      CODES.map((code) => ({ value: code, label: countryName(code, locale) })).sort((a, b) => collator(locale).compare(a.label, b.label)),
    [locale],
  );
  const needle = query.trim().toLowerCase();
  const options = needle ? all.filter((o) => o.label.toLowerCase().includes(needle) || o.value.toLowerCase() === needle) : all;
  const name = (code: string) => all.find((o) => o.value === code)?.label ?? code;
  return (
    <BlockStack gap="200">
      <Autocomplete
        allowMultiple
        options={options}
        selected={selected}
        onSelect={(codes) => onChange(codes)}
        textField={
          <Autocomplete.TextField
            label={label}
            value={query}
            onChange={setQuery}
            placeholder="Search countries"
            autoComplete="off"
            error={error}
          />
        }
        listTitle="Countries"
      />
      <Text as="p" tone="subdued">
        {selected.length} countr{selected.length === 1 ? "y" : "ies"}: without a recorded choice, buyers with an address here are not sent.
      </Text>
      <InlineStack gap="100">
        {[...selected]
          .sort((a, b) => collator(locale).compare(name(a), name(b)))
          .map((code) => (
            <Tag key={code} onRemove={() => onChange(selected.filter((c) => c !== code))}>
              {name(code)}
            </Tag>
          ))}
      </InlineStack>
    </BlockStack>
  );
}
