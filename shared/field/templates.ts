/**
 * The inspection templates (巡检表), one per device category of the service plan, as versioned data.
 * A visit records the template id (`<category>-v<version>`) of each device when it is created, so a
 * later version never changes a form already handed out; old versions stay in TEMPLATES for that.
 * Item ids are stable across versions.
 *
 * A check fails when: a pass/fail item is answered `false`; a number is below `min` or above `max`; a
 * choice is one marked `failing`. Text items never fail. A failed check opens a fault ticket for the
 * device when the form is submitted (functions/field/inspections.ts).
 */
import type { DeviceCategory } from '../devices/schemas.ts';
import type { AnswerValue, InspectionItem, InspectionTemplate, Localized } from './schemas.ts';

const L = (zh: string, en: string): Localized => ({ 'zh-CN': zh, en });

const passFail = (id: string, label: Localized, required = true): InspectionItem => ({
  id,
  kind: 'passFail',
  label,
  required,
});
const num = (
  id: string,
  label: Localized,
  unit: string,
  range: { min?: number; max?: number },
  required = true,
): InspectionItem => ({ id, kind: 'number', label, required, unit, ...range });
const text = (id: string, label: Localized, required = false): InspectionItem => ({
  id,
  kind: 'text',
  label,
  required,
});
const choice = (
  id: string,
  label: Localized,
  choices: { value: string; label: Localized; failing?: boolean }[],
  required = true,
): InspectionItem => ({ id, kind: 'choice', label, required, choices });

const remarks = text('remarks', L('其他情况说明', 'Other remarks'));

export const TEMPLATES: readonly InspectionTemplate[] = [
  {
    id: 'firewall-v1',
    category: 'firewall',
    version: 1,
    title: L('防火墙巡检', 'Firewall inspection'),
    items: [
      choice('ha-state', L('双机热备 (HA) 状态', 'HA state'), [
        { value: 'active-standby', label: L('主备正常', 'Active / standby, healthy') },
        { value: 'active-active', label: L('双主正常', 'Active / active, healthy') },
        { value: 'degraded', label: L('单机运行', 'One node only'), failing: true },
        { value: 'split-brain', label: L('脑裂', 'Split brain'), failing: true },
        { value: 'standalone', label: L('单机部署', 'Standalone by design') },
      ]),
      num('sessions', L('当前会话数', 'Active sessions'), 'sessions', { min: 0, max: 2_000_000 }),
      num('cpu', L('CPU 利用率', 'CPU utilisation'), '%', { min: 0, max: 80 }),
      num('memory', L('内存利用率', 'Memory utilisation'), '%', { min: 0, max: 85 }),
      text('ips-signature-date', L('IPS 特征库日期 (YYYY-MM-DD)', 'IPS signature date (YYYY-MM-DD)'), true),
      passFail(
        'ips-signature-current',
        L('IPS 特征库 30 天内已更新', 'IPS signatures updated within 30 days'),
      ),
      passFail('interfaces', L('接口状态正常、无错包', 'Interfaces up, no error counters rising')),
      passFail('logs', L('日志无严重告警', 'No critical alarms in the log')),
      passFail('config-backup', L('配置已备份', 'Configuration backed up')),
      remarks,
    ],
  },
  {
    id: 'minicomputer-v1',
    category: 'minicomputer',
    version: 1,
    title: L('小型机巡检', 'Minicomputer inspection'),
    items: [
      passFail('error-log', L('错误日志 (errpt) 无硬件错误', 'Error log (errpt) free of hardware errors')),
      passFail('fans', L('风扇运转正常', 'Fans running normally')),
      passFail('power-supplies', L('电源模块正常 (冗余)', 'Power supplies healthy (redundant)')),
      passFail('disks', L('内置磁盘 / 镜像正常', 'Internal disks and mirrors healthy')),
      num('cpu', L('CPU 利用率 (峰值)', 'CPU utilisation (peak)'), '%', { min: 0, max: 85 }),
      num('paging', L('换页空间使用率', 'Paging space used'), '%', { min: 0, max: 70 }),
      num('rootvg', L('rootvg 文件系统最高使用率', 'Fullest rootvg file system'), '%', { min: 0, max: 90 }),
      passFail('hmc', L('HMC 无未处理事件', 'No open events on the HMC'), false),
      text('firmware', L('微码版本', 'Firmware level')),
      remarks,
    ],
  },
  {
    id: 'storage-v1',
    category: 'storage',
    version: 1,
    title: L('存储巡检', 'Storage inspection'),
    items: [
      passFail('disks', L('磁盘全部在线、无故障盘', 'All disks online, none failed')),
      num('hot-spares', L('可用热备盘数量', 'Hot spares available'), 'disks', { min: 1 }),
      passFail('controllers', L('控制器 (SP) 状态正常', 'Controllers (SPs) healthy')),
      choice('cache-battery', L('缓存电池 (BBU) 状态', 'Cache battery (BBU) state'), [
        { value: 'ok', label: L('正常', 'OK') },
        { value: 'charging', label: L('充电中', 'Charging') },
        { value: 'degraded', label: L('老化 / 需更换', 'Degraded, replace'), failing: true },
        { value: 'failed', label: L('故障', 'Failed'), failing: true },
      ]),
      passFail('fc-switches', L('光纤交换机端口正常', 'FC switch ports healthy')),
      passFail('paths', L('主机多路径全部在线', 'All host multipath paths online')),
      num('capacity', L('存储池使用率', 'Pool capacity used'), '%', { min: 0, max: 85 }),
      passFail('event-log', L('事件日志无严重告警', 'No critical events in the log')),
      remarks,
    ],
  },
  {
    id: 'traffic-monitor-v1',
    category: 'traffic-monitor',
    version: 1,
    title: L('流量监控设备巡检', 'Traffic monitor inspection'),
    items: [
      passFail('capture', L('流量采集正常', 'Traffic capture running')),
      passFail('links', L('监控链路全部在线', 'All monitored links up')),
      num('throughput', L('峰值吞吐占额定比例', 'Peak throughput of rated'), '%', { min: 0, max: 80 }),
      num('cpu', L('CPU 利用率', 'CPU utilisation'), '%', { min: 0, max: 80 }),
      passFail('policies', L('流控策略生效', 'Shaping policies in force')),
      passFail('clock', L('系统时间同步', 'System clock synchronised')),
      remarks,
    ],
  },
  {
    id: 'mail-gateway-v1',
    category: 'mail-gateway',
    version: 1,
    title: L('邮件网关巡检', 'Mail gateway inspection'),
    items: [
      passFail('mail-flow', L('收发邮件正常', 'Mail flowing in and out')),
      num('queue', L('待投递队列长度', 'Delivery queue length'), 'messages', { min: 0, max: 500 }),
      text('pattern-date', L('病毒码日期 (YYYY-MM-DD)', 'Virus pattern date (YYYY-MM-DD)'), true),
      passFail('pattern-current', L('病毒码 7 天内已更新', 'Virus pattern updated within 7 days')),
      num('disk', L('磁盘使用率', 'Disk used'), '%', { min: 0, max: 85 }),
      passFail('license', L('授权有效', 'Licence valid')),
      passFail('quarantine', L('隔离区容量正常', 'Quarantine within capacity')),
      remarks,
    ],
  },
];

/** The current template of each category that has one. */
export const CURRENT_TEMPLATE: Readonly<Partial<Record<DeviceCategory | string, InspectionTemplate>>> =
  Object.fromEntries(
    TEMPLATES.reduce((latest, t) => {
      const seen = latest.get(t.category);
      if (seen === undefined || seen.version < t.version) latest.set(t.category, t);
      return latest;
    }, new Map<string, InspectionTemplate>()),
  );

export function templateById(id: string): InspectionTemplate | undefined {
  return TEMPLATES.find((t) => t.id === id);
}

/** Whether an answer is the wrong kind for its item (a string for a number, a choice not offered …). */
export function answerProblem(item: InspectionItem, value: AnswerValue): string | undefined {
  if (value === null) return undefined;
  switch (item.kind) {
    case 'passFail':
      return typeof value === 'boolean' ? undefined : 'expected true or false';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'expected a number';
    case 'text':
      return typeof value === 'string' ? undefined : 'expected a text';
    case 'choice':
      return typeof value === 'string' && (item.choices ?? []).some((c) => c.value === value)
        ? undefined
        : 'expected one of the offered choices';
  }
}

/** Whether an answered item fails its check (see the module comment). */
export function failsCheck(item: InspectionItem, value: AnswerValue | undefined): boolean {
  if (value === undefined || value === null) return false;
  switch (item.kind) {
    case 'passFail':
      return value === false;
    case 'number':
      return (
        typeof value === 'number' &&
        ((item.min !== undefined && value < item.min) || (item.max !== undefined && value > item.max))
      );
    case 'choice':
      return (item.choices ?? []).some((c) => c.value === value && c.failing === true);
    case 'text':
      return false;
  }
}

/** Required items without an answer (null, absent, or blank text). */
export function missingRequired(
  template: InspectionTemplate,
  answers: Readonly<Record<string, AnswerValue>>,
): string[] {
  return template.items
    .filter((item) => {
      if (!item.required) return false;
      const v = answers[item.id];
      return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
    })
    .map((item) => item.id);
}
