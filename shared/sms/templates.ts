/**
 * The SMS texts Sitecall sends, in zh-CN and en. A Chinese SMS part holds 70 characters (UCS-2)
 * with the signature included; a longer text is billed as several parts, and mainland carriers only
 * deliver registered templates. So every text is a fixed template whose parameters are bounded:
 * with every parameter at its longest, the rendered text stays within 70 characters
 * (test/integration/sms-templates.test.ts checks each one in both languages).
 */
export type SmsLang = 'zh-CN' | 'en';

export const SMS_SIGNATURE: Record<SmsLang, string> = { 'zh-CN': '【Sitecall】', en: '[Sitecall] ' };

/** Characters of one SMS part in UCS-2, the encoding any Chinese text uses. */
export const SMS_PART_CHARS = 70;

/** A free parameter: its allowed shape and longest length. */
interface TextParam {
  kind: 'text';
  pattern: RegExp;
  maxLength: number;
}

/** A parameter from a fixed list, each value worded per language. */
interface ChoiceParam {
  kind: 'choice';
  values: Record<string, Record<SmsLang, string>>;
}

export type SmsParamSpec = TextParam | ChoiceParam;

interface TemplateSpec {
  params: Record<string, SmsParamSpec>;
  /** Body after the signature; `{name}` marks a parameter. */
  text: Record<SmsLang, string>;
}

const ticketNo: TextParam = { kind: 'text', pattern: /^[A-Z0-9-]{1,16}$/, maxLength: 16 };

export const SMS_TEMPLATES = {
  signInCode: {
    params: { code: { kind: 'text', pattern: /^[0-9]{6}$/, maxLength: 6 } },
    text: {
      'zh-CN': '登录验证码 {code},5 分钟内有效。请勿告诉他人。',
      en: 'Sign-in code {code}. Valid 5 min. Never share it.',
    },
  },
  escalationAlert: {
    params: { ticketNo, level: { kind: 'text', pattern: /^[1-3]$/, maxLength: 1 } },
    text: {
      'zh-CN': '故障 {ticketNo} 已升级为 {level} 级,请立即处理。',
      en: 'Fault {ticketNo} escalated to level {level}. Act now.',
    },
  },
  arrivalMissed: {
    params: { ticketNo },
    text: {
      'zh-CN': '故障 {ticketNo} 工程师未按时到场,请跟进。',
      en: 'Fault {ticketNo}: engineer missed the arrival time.',
    },
  },
  warning: {
    params: {
      ticketNo,
      deadline: {
        kind: 'choice',
        values: {
          arrival: { 'zh-CN': '到场', en: 'arrival' },
          resolution: { 'zh-CN': '解决', en: 'resolution' },
        },
      },
      minutes: { kind: 'text', pattern: /^[1-9][0-9]{0,3}$/, maxLength: 4 },
    },
    text: {
      'zh-CN': '故障 {ticketNo} 距{deadline}时限还有 {minutes} 分钟。',
      en: 'Fault {ticketNo}: {deadline} due in {minutes} min.',
    },
  },
  reportDue: {
    params: { ticketNo, days: { kind: 'text', pattern: /^[0-9]$/, maxLength: 1 } },
    text: {
      'zh-CN': '故障 {ticketNo} 的现场服务文档 {days} 天内到期。',
      en: 'Fault {ticketNo}: service report due in {days} days.',
    },
  },
  reportMissed: {
    params: { ticketNo },
    text: {
      'zh-CN': '故障 {ticketNo} 的现场服务文档已逾期未交,请跟进。',
      en: 'Fault {ticketNo}: service report overdue. Follow up.',
    },
  },
} as const satisfies Record<string, TemplateSpec>;

export type SmsTemplateId = keyof typeof SMS_TEMPLATES;
export const SMS_TEMPLATE_IDS = Object.keys(SMS_TEMPLATES) as SmsTemplateId[];

export type SmsParams<T extends SmsTemplateId> = {
  [K in keyof (typeof SMS_TEMPLATES)[T]['params']]: (typeof SMS_TEMPLATES)[T]['params'][K] extends ChoiceParam
    ? keyof (typeof SMS_TEMPLATES)[T]['params'][K]['values']
    : string;
};

export class SmsTemplateError extends Error {
  override name = 'SmsTemplateError';
}

/**
 * The text to send, signature first. Throws SmsTemplateError for a missing, unknown or out-of-shape
 * parameter: a bounded template is what keeps every text in one part.
 */
export function renderSms(template: SmsTemplateId, params: Record<string, string>, lang: SmsLang): string {
  const spec: TemplateSpec = SMS_TEMPLATES[template];
  for (const name of Object.keys(params)) {
    if (!(name in spec.params)) throw new SmsTemplateError(`${template}: unknown parameter ${name}`);
  }
  const body = spec.text[lang].replace(/\{(\w+)\}/g, (_, name: string) => {
    const param = spec.params[name];
    const value = params[name];
    if (param === undefined || value === undefined) {
      throw new SmsTemplateError(`${template}: parameter ${name} missing`);
    }
    if (param.kind === 'choice') {
      const worded = param.values[value];
      if (worded === undefined) throw new SmsTemplateError(`${template}: ${name} is not one of its values`);
      return worded[lang];
    }
    if (value.length > param.maxLength || !param.pattern.test(value)) {
      throw new SmsTemplateError(`${template}: ${name} has not the allowed shape`);
    }
    return value;
  });
  return SMS_SIGNATURE[lang] + body;
}

/** Each parameter at its longest (choices: the longest wording in the language), for the length test. */
export function worstCaseParams(template: SmsTemplateId, lang: SmsLang): Record<string, string> {
  const spec: TemplateSpec = SMS_TEMPLATES[template];
  const out: Record<string, string> = {};
  for (const [name, param] of Object.entries(spec.params)) {
    if (param.kind === 'choice') {
      const longest = Object.entries(param.values).sort((a, b) => b[1][lang].length - a[1][lang].length)[0];
      if (longest !== undefined) out[name] = longest[0];
    } else {
      out[name] = worstText(param);
    }
  }
  return out;
}

/** The longest value a text parameter's pattern admits, built from its first character class. */
function worstText(param: TextParam): string {
  const candidates = ['9', 'Z', '-', '1'];
  for (const c of candidates) {
    for (let length = param.maxLength; length >= 1; length--) {
      const value = c.repeat(length);
      if (param.pattern.test(value)) return value;
    }
  }
  throw new SmsTemplateError('no worst case found');
}

/** Characters the text occupies in UCS-2 (a character outside the BMP takes two). */
export function smsLength(text: string): number {
  return text.length;
}
