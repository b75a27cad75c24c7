// ISO 4217 codes a shop can be paid in. Fund codes (BOV, CHE, USN...), precious
// metals and test codes (XAU, XTS, XXX) are left out on purpose: a Purchase carrying
// one of them is a mapping bug, not a sale. ANG and XCG are both listed because the
// Caribbean guilder replaced the Antillean one during 2025 and shops may still use
// either; BGN stays for orders placed before Bulgaria's switch to the euro.
const CODES = `
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD
BTN BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB
EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK
JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA
MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK
PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN
SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VED VES VND VUV
WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG
`;

export const CURRENCY_CODES: ReadonlySet<string> = new Set(CODES.trim().split(/\s+/));

export function isCurrencyCode(value: string): boolean {
  // Meta's own examples send lowercase "usd", so case is not the app's mistake.
  return CURRENCY_CODES.has(value.toUpperCase());
}
