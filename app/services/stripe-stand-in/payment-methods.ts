// What each payment method can do, from Stripe's payment method guides: where a method works
// (currency), whether it can be reused for monthly charges, and whether it settles later.

export type PaymentMethodRule = {
  /** null: any currency. */
  currencies: readonly string[] | null;
  /** Usable in subscription mode (saved for later charges). */
  recurring: boolean;
  /** The payment completes days later (a konbini voucher is paid at the counter). */
  delayed: boolean;
  /** Amount limits in the currency's minor unit, where the method has its own. */
  minAmount?: number;
  maxAmount?: number;
};

export const PAYMENT_METHOD_RULES: Record<string, PaymentMethodRule> = {
  card: { currencies: null, recurring: true, delayed: false },
  kr_card: { currencies: ["krw"], recurring: true, delayed: false },
  kakao_pay: { currencies: ["krw"], recurring: true, delayed: false },
  naver_pay: { currencies: ["krw"], recurring: true, delayed: false },
  payco: { currencies: ["krw"], recurring: false, delayed: false },
  samsung_pay: { currencies: ["krw"], recurring: false, delayed: false },
  konbini: { currencies: ["jpy"], recurring: false, delayed: true, minAmount: 120, maxAmount: 300_000 },
  paypay: { currencies: ["jpy"], recurring: false, delayed: false },
};

/** The methods a test account has turned on in its Dashboard (dynamic payment methods). */
export const DEFAULT_ENABLED_METHODS = Object.keys(PAYMENT_METHOD_RULES);

/** Every type Stripe accepts in `excluded_payment_method_types` (a subset is modelled above). */
export const KNOWN_PAYMENT_METHOD_TYPES = [
  "acss_debit",
  "affirm",
  "afterpay_clearpay",
  "alipay",
  "alma",
  "amazon_pay",
  "au_becs_debit",
  "bacs_debit",
  "bancontact",
  "billie",
  "bizum",
  "blik",
  "boleto",
  "card",
  "cashapp",
  "crypto",
  "customer_balance",
  "eps",
  "fpx",
  "giropay",
  "grabpay",
  "ideal",
  "kakao_pay",
  "klarna",
  "konbini",
  "kr_card",
  "link",
  "mb_way",
  "mobilepay",
  "multibanco",
  "naver_pay",
  "nz_bank_account",
  "oxxo",
  "p24",
  "pay_by_bank",
  "payco",
  "paynow",
  "paypal",
  "paypay",
  "payto",
  "pix",
  "promptpay",
  "revolut_pay",
  "samsung_pay",
  "satispay",
  "scalapay",
  "sepa_debit",
  "sequra",
  "sofort",
  "sunbit",
  "swish",
  "twint",
  "upi",
  "us_bank_account",
  "wechat_pay",
  "zip",
] as const;

/** The methods a session offers: enabled, fit for its currency, mode and amount, not excluded. */
export function methodsFor(options: {
  enabled: readonly string[];
  currency: string;
  mode: "payment" | "subscription";
  amount: number;
  excluded: readonly string[];
}): string[] {
  return options.enabled.filter((type) => {
    const rule = PAYMENT_METHOD_RULES[type];
    if (!rule || options.excluded.includes(type)) return false;
    if (rule.currencies && !rule.currencies.includes(options.currency)) return false;
    if (options.mode === "subscription" && !rule.recurring) return false;
    if (rule.minAmount !== undefined && options.amount < rule.minAmount) return false;
    if (rule.maxAmount !== undefined && options.amount > rule.maxAmount) return false;
    return true;
  });
}
