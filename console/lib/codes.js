// The codes of spec.md §3 and their names. Orders and resources come with their …Name fields from
// the server and those are shown as they are; these tables fill the filters and forms, and name the
// codes of a demand (whose JSON carries only stateName).

export const kOrderStates = [
  ['0', '待配单'], ['1', '待匹配'], ['2', '待审批'], ['3', '退单'], ['4', '撤单'],
  ['5', '匹配成功'], ['6', '寻资源'], ['7', '待审核'], ['8', '待审核'],
];
export const kResourceStates = [['0', '待接入'], ['1', '已接入'], ['2', '待审批'], ['3', '撤销']];
export const kDemandStates = [['0', '寻资源'], ['1', '已供应'], ['2', '无资源'], ['3', '撤单']];
export const kChannelTypes = [['0', '三网合一'], ['1', '移动'], ['2', '电信'], ['3', '联通'], ['4', '全网']];
export const kSignTypes = [['0', '自定义'], ['1', '报备签名'], ['2', '固签']];
export const kDirectConnect = [['0', '直连'], ['1', '第三方']];
export const kInvoiceTypes = [['0', '不要票'], ['1', '专票'], ['2', '普票']];
export const kSmsKinds = [['1', '验证码'], ['2', '通知'], ['3', '营销']];
export const kProtocolTypes = [['0', 'HTTP'], ['1', 'CMPP'], ['2', 'SMGP'], ['3', 'SGIP'], ['4', 'SMPP']];

// The original forms' usual answers, offered as suggestions (the fields stay free text).
export const kIndustrySuggestions = ['同行', '互联网', '出行', '电商', '地产', '教育', '金融'];
export const kSmsTypeSuggestions = ['验证码', '验证码+通知', '验证码+通知+普通营销', '普通营销', '特殊营销'];
export const kExpectSuggestions = ['100万以下', '100万-500万', '500万-1000万', '1000万以上'];
export const kPayTypeSuggestions = ['预付', '按月结算'];

export function nameOf(table, code) {
  if (code === null || code === undefined) return null;
  const found = table.find(([value]) => value === String(code));
  return found ? found[1] : null;
}

// "1,3" → "移动,联通"; unknown codes are left out, as the server's …Name rule does.
export function namesOf(table, codes) {
  if (codes === null || codes === undefined || codes === '') return null;
  return String(codes)
    .split(',')
    .map((code) => nameOf(table, code.trim()))
    .filter(Boolean)
    .join(',');
}

// A smsType is free text (验证码+通知) or, on some resources, a code list (1,2): codes are named.
export function smsTypeText(value) {
  if (value === null || value === undefined) return null;
  return /^\s*\d+(\s*,\s*\d+)*\s*$/.test(String(value)) ? namesOf(kSmsKinds, value) || String(value) : String(value);
}

// The server's multi-valued names start with a comma (",三网合一,移动"): shown without it.
export function tidyName(name) {
  if (name === null || name === undefined) return null;
  return String(name).replace(/^,/, '');
}

// Order states in which each action is allowed (spec.md §4); the server has the last word.
export const kOrderActions = {
  daipipei: ['0'],
  pipeichenggong: ['0', '1'],
  huitui: ['0', '1'],
  faqixuqiu: ['0', '1'],
  chedan: ['0', '1', '6'],
  edit: ['3'],
  match: ['0', '1'],
};

export function orderAllows(action, state) {
  return kOrderActions[action].includes(String(state));
}
