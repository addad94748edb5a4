// The reference catalogue: every other language is typed against these keys.
// `{name}` marks a value filled in by t(); keep the same placeholders in every language.
export const zhCN = {
  'app.name': 'Sitecall',
  'app.tagline': '维保服务台',
  'app.skipToContent': '跳到主要内容',
  'lang.label': '语言',
  'home.title': '维保服务台',
  'home.description': '报障、SLA 时钟与现场工程师离线作业，一处掌握。',
  'health.title': '服务状态',
  'health.loading': '正在检查服务…',
  'health.ok': '服务正常 · 版本 {version}',
  'health.storeDown': '数据存储不可用 · 版本 {version}',
  'health.storeDownHint': '服务已连通，但暂时无法读写数据，请稍后重试。',
  'health.offline': '设备处于离线状态',
  'health.offlineHint': '离线时仍可查看已缓存的内容，联网后会自动重新检查。',
  'health.unreachable': '无法连接服务',
  'health.unreachableHint': '服务没有响应或返回了无法识别的内容。',
  'health.checkedAt': '检查于 {time}',
  'health.retry': '重试',
  'update.available': '有新版本可用。',
  'update.reload': '重新加载',
  'update.offlineReady': '已可离线使用。',
  'update.dismiss': '关闭',
  'notFound.title': '页面不存在',
  'notFound.body': '找不到这个地址，链接可能已过期或输入有误。',
  'notFound.home': '返回首页',
  'route.loadError': '页面加载失败，请检查网络后重试。',
} as const;

export type MessageKey = keyof typeof zhCN;
export type Messages = Record<MessageKey, string>;
