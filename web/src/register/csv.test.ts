import { describe, expect, it } from 'vitest';
import { csvRecords, exportFileName, previewCsv } from './csv';
import goodRegister from './fixtures/devices.good.csv?raw';

describe('previewCsv', () => {
  it('counts the rows and the devices of the sample register with serial and site columns', () => {
    const text = goodRegister;

    const preview = previewCsv(text);

    expect(preview).toEqual({ rows: 5, devices: 10, missingColumns: [] });
  });

  it('does not count the header, blank lines or a byte-order mark', () => {
    const text = '\uFEFFcategory,model,quantity,service_months\r\n\r\nfirewall,SRX,3,12\r\n\r\n';

    const preview = previewCsv(text);

    expect(preview).toEqual({ rows: 1, devices: 3, missingColumns: [] });
  });

  it('keeps a quoted field with commas and a line break in one row', () => {
    const text =
      'category,model,quantity,notes,service_months\nstorage,"EMC, VNX",2,"two shelves,\nrack 4",12\n';

    const preview = previewCsv(text);

    expect(preview.rows).toBe(1);
    expect(preview.devices).toBe(2);
  });

  it('names the required columns a header lacks', () => {
    const preview = previewCsv('category,model\nfirewall,SRX\n');

    expect(preview.missingColumns).toEqual(['quantity', 'service_months']);
    expect(preview.devices).toBeNull();
  });

  it('leaves the device count to the server when a quantity cannot be read', () => {
    const preview = previewCsv(
      'category,model,quantity,service_months\nfirewall,SRX,two,12\nstorage,EMC,4,12\n',
    );

    expect(preview).toEqual({ rows: 2, devices: null, missingColumns: [] });
  });

  it('previews an empty text as nothing to send', () => {
    expect(previewCsv('').rows).toBe(0);
  });
});

describe('csvRecords', () => {
  it('reads doubled quotes inside a quoted field as one quote', () => {
    expect(csvRecords('a,"say ""hi""",c\n')).toEqual([['a', 'say "hi"', 'c']]);
  });
});

describe('exportFileName', () => {
  it('makes a file name any system takes from a contract name', () => {
    expect(exportFileName('2026 年度维保合同 / A*B', '2026-05-03')).toBe(
      'devices-2026-年度维保合同-A-B-2026-05-03.csv',
    );
    expect(exportFileName('  ', '2026-05-03')).toBe('devices-contract-2026-05-03.csv');
  });
});
