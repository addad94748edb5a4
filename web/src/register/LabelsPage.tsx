import '../desk/desk.css';
import './register.css';
import { useRoute } from 'preact-iso';
import type { LabelSheet } from '../../../shared/devices/schemas.ts';
import { DeskGate } from '../desk/gate';
import { useCatalogue } from '../intake/catalogue';
import { intakeEn } from '../intake/i18n.en';
import { intakeZhCN } from '../intake/i18n.zh-CN';
import { categoryName } from '../intake/terms';
import { pageUrl } from './forms';
import { inRegisterOrder, pagesOf } from './labels';
import { Qr } from './Qr';
import { sheetOf } from './store';
import { type RT, useRegisterCatalogue } from './ui';

/**
 * `/desk/contracts/:id/labels`: the QR label sheet just issued, for A4 printing. The sheet lives only
 * in this tab (its tokens cannot be read again), so a reload sends the person back to issue labels.
 */
export default function LabelsPage() {
  return (
    <DeskGate>
      <Labels />
    </DeskGate>
  );
}

function Labels() {
  const { t } = useRegisterCatalogue();
  const { params } = useRoute();
  const contractId = params.id ?? '';
  const sheet = sheetOf(contractId);
  const devicesHref = `/desk/contracts/${encodeURIComponent(contractId)}/devices`;

  return (
    <div class="page desk-wide labels-page" data-testid="labels-page">
      <div class="labels-screen">
        <a class="back-link" href={devicesHref}>
          {t('labels.back')}
        </a>
        <div class="desk-head">
          <div class="intro">
            <h1>{t('labels.title')}</h1>
            <p class="lead">
              {sheet === null ? t('labels.none') : t('labels.lead', { count: sheet.labels.length })}
            </p>
          </div>
          {sheet !== null && sheet.labels.length > 0 && (
            <div class="desk-head-side">
              <button type="button" class="button" onClick={() => window.print()} data-testid="labels-print">
                {t('labels.print')}
              </button>
            </div>
          )}
        </div>
        {sheet === null ? (
          <p class="notice" data-testid="labels-none">
            <a href={devicesHref}>{t('labels.issueAgain')}</a>
          </p>
        ) : (
          <p class="notice notice--warn">{t('labels.replaced')}</p>
        )}
      </div>
      {sheet !== null && <Sheet t={t} sheet={sheet} />}
    </div>
  );
}

function Sheet({ t, sheet }: { t: RT; sheet: LabelSheet }) {
  const { t: it } = useCatalogue(intakeZhCN, intakeEn);
  const origin = location.origin;
  return (
    <div class="label-sheet" data-testid="label-sheet">
      {pagesOf(inRegisterOrder(sheet.labels)).map((labels, page) => (
        <section
          key={labels[0]?.deviceId ?? page}
          class="label-page"
          aria-label={t('labels.page', { page: page + 1 })}
        >
          {labels.map((label) => {
            const url = pageUrl(origin, label.qrPath);
            return (
              <article key={label.deviceId} class="label" data-testid="qr-label" data-url={url}>
                <Qr text={url} label={t('labels.qrFor', { model: label.model })} />
                <div class="label-text">
                  <p class="label-device">
                    <span class="label-category">{categoryName(it, label.category)}</span>
                    <span class="label-model">{label.model}</span>
                  </p>
                  <p class="label-serial">
                    {label.serial === null ? t('labels.noSerial') : `S/N ${label.serial}`}
                  </p>
                  <p class="label-site">{label.siteName}</p>
                  <p class="label-call">{t('labels.scan')}</p>
                  <p class="label-url" data-testid="label-url">
                    {url.replace(/^https?:\/\//, '')}
                  </p>
                </div>
              </article>
            );
          })}
        </section>
      ))}
    </div>
  );
}
