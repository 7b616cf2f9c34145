import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { rebuildProjection, type EventStore } from '@app/event-store';
import { defaultRuleConfig } from '@app/parcours';
import { allProjections, EVENT_STORE } from '@app/platform';
import { Api, nissFor, obligedPerson } from './support/api';
import { findInDatabase } from './support/db-grep';
import { createTestApp, type TestApp } from './support/test-app';

describe('personal data: crypto-shredding, erasure and access audit', () => {
  let t: TestApp;
  let api: Api;
  const logFile = join(mkdtempSync(join(tmpdir(), 'jalon-logs-')), 'api.log');
  const lastName = 'Zyxwabrenko';
  const firstName = 'Oleksandra';
  const niss = nissFor('1991-05-17', 321);
  const otherName = 'Quarvelliotte';

  beforeAll(async () => {
    t = await createTestApp({ env: { LOG_LEVEL: 'debug', LOG_FILE: logFile } });
    api = new Api(t.http);
  });
  afterAll(async () => {
    await t.close();
  });

  const openFor = async (last: string, first: string, personNiss: string, birthDate: string) => {
    const base = obligedPerson();
    const res = await api.post('cai.aline', `/api/parcours?q=${last}`, {
      ...base,
      person: { ...base.person, lastName: last, firstName: first, birthDate, niss: personNiss },
    });
    expect(res.status).toBe(201);
    return res.body.parcoursId as string;
  };

  it('stores personal fields encrypted, erases them for good, keeps statistics, and audits every read', async () => {
    const id = await openFor(lastName, firstName, niss, '1991-05-17');
    const other = await openFor(otherName, 'Bob', nissFor('1985-01-02', 77), '1985-01-02');
    for (const [path, body] of [
      ['presentation', { date: '2026-02-20' }],
      ['accueil/rights-and-duties', { date: '2026-03-02' }],
      ['accueil/bilan-social', { date: '2026-03-02', needs: [`logement pour ${lastName}`] }],
      ['french/positioning', { date: '2026-03-03', level: 'A1' }],
      ['convention', { signedOn: '2026-03-10', includesFrench: true }],
      [
        'evaluations',
        {
          date: '2026-09-10',
          convocation: 'email',
          attended: true,
          notes: `Entretien avec ${firstName} ${lastName}`,
        },
      ],
    ] as const) {
      expect((await api.post('cai.aline', `/api/parcours/${id}/${path}`, body)).status).toBe(200);
    }

    // Events as stored never hold a name or a NISS in clear.
    const raw = new Client({ connectionString: t.db.url });
    await raw.connect();
    const stored = await raw.query(`SELECT data::text AS d FROM es_events WHERE stream_id = $1`, [
      `parcours-${id}`,
    ]);
    await raw.end();
    expect(stored.rows.length).toBe(7);
    for (const row of stored.rows) {
      expect(row.d).not.toContain(lastName);
      expect(row.d).not.toContain(firstName);
      expect(row.d).not.toContain(niss);
    }

    // In scope, the history shows the person; the read is audited.
    const before = await api.get('cai.aline', `/api/parcours/${id}/history`);
    expect(before.body.items[0].data.person.lastName).toBe(lastName);

    // Only a coordinator of the CRI (or an admin) may erase; others get 403/404.
    expect(
      (
        await api.post('cai.aline', `/api/parcours/${id}/erasure`, {
          decidedOn: '2026-11-20',
          reason: 'person-request',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await api.post('spw', `/api/parcours/${id}/erasure`, {
          decidedOn: '2026-11-20',
          reason: 'person-request',
        })
      ).status,
    ).toBe(403);
    const bad = await api.post('cai.coord', `/api/parcours/${id}/erasure`, {
      decidedOn: 'hier',
      reason: 'because',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['decidedOn', 'reason']);

    const erased = await api.post('cai.coord', `/api/parcours/${id}/erasure`, {
      decidedOn: '2026-11-20',
      reason: 'person-request',
    });
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({ parcoursId: id, alreadyErased: false });
    const again = await api.post('cai.coord', `/api/parcours/${id}/erasure`, {
      decidedOn: '2026-11-20',
      reason: 'person-request',
    });
    expect(again.body.alreadyErased).toBe(true);
    await t.whenCaughtUp();

    // The history now reads « donnée effacée »; dates and codes stay.
    const after = await api.get('cai.aline', `/api/parcours/${id}/history`);
    const opened = after.body.items[0].data;
    expect(opened.person).toMatchObject({
      lastName: 'donnée effacée',
      firstName: 'donnée effacée',
      niss: 'donnée effacée',
    });
    expect(opened.communeRegistrationDate).toBe('2026-02-02');
    expect(after.body.items.at(-1)).toMatchObject({
      type: 'PersonalDataErased',
      data: { reason: 'person-request' },
    });
    const evaluation = after.body.items.find((e: { type: string }) => e.type === 'EvaluationRecorded');
    expect(evaluation.data).toMatchObject({ notes: 'donnée effacée', attended: true, date: '2026-09-10' });

    // Nothing personal may be written again for that person; non-personal facts still can.
    const newNotes = await api.post('cai.aline', `/api/parcours/${id}/evaluations`, {
      date: '2026-11-01',
      convocation: 'email',
      attended: true,
      notes: 'nouvelle note',
    });
    expect(newNotes.status).toBe(422);
    expect(newNotes.body.code).toBe('PERSONAL_DATA_ERASED');
    expect(
      (
        await api.post('cai.aline', `/api/parcours/${id}/citizenship/hours`, {
          operator: 'CAI',
          from: '2026-04-01',
          to: '2026-06-30',
          hours: 20,
        })
      ).status,
    ).toBe(200);

    // Other people are untouched.
    const otherHistory = await api.get('cai.aline', `/api/parcours/${other}/history`);
    expect(otherHistory.body.items[0].data.person.lastName).toBe(otherName);

    // Exports and documents read « donnée effacée » too.
    const person = [lastName, firstName, niss];
    const csv = await api.get('spw', '/api/compliance/export.csv?asOf=2026-11-21');
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('donnée effacée');
    for (const value of person) expect(csv.text).not.toContain(value);
    const dossier = await api.get('cai.aline', `/api/parcours/${id}/nationality-dossier`);
    expect(dossier.status).toBe(200);
    for (const value of person) expect(JSON.stringify(dossier.body)).not.toContain(value);
    const pdf = await api.get('cai.aline', `/api/parcours/${id}/nationality-dossier.pdf`);
    expect(pdf.status).toBe(200);
    const detail = await api.get('spw', `/api/parcours/${id}`);
    expect(detail.body.person).toMatchObject({ lastName: 'donnée effacée', firstName: 'donnée effacée' });

    // A whole-database grep finds the erased person nowhere (events, read models, keys, claims, idempotency, audit), the other one only encrypted.
    await t.whenCaughtUp();
    expect(await findInDatabase(t.db.url, person)).toEqual([]);
    // Read models rebuilt from scratch (the old events now decrypt to « donnée effacée »): still nowhere.
    const store = t.app.get<EventStore>(EVENT_STORE);
    for (const projection of allProjections(defaultRuleConfig))
      await rebuildProjection(store, projection, { connectionString: t.db.url });
    expect(await findInDatabase(t.db.url, person)).toEqual([]);
    expect((await api.get('spw', `/api/parcours/${id}`)).body.person.lastName).toBe('donnée effacée');
    expect(readFileSync(logFile, 'utf8')).not.toMatch(new RegExp(`${lastName}|${firstName}|${niss}`));
    // The NISS is free for a new parcours (its claim went with the data).
    expect(
      (
        await api.post('cai.aline', '/api/parcours', {
          ...obligedPerson(),
          person: { ...obligedPerson().person, niss, birthDate: '1991-05-17' },
        })
      ).status,
    ).toBe(201);

    // The audit recorded the reads; only an admin sees it; nobody can alter it.
    expect((await api.get('cai.coord', `/api/audit?parcoursId=${id}`)).status).toBe(403);
    const audit = await api.get('admin', `/api/audit?parcoursId=${id}`);
    expect(audit.status).toBe(200);
    const actions = audit.body.items.map(
      (i: { username: string; action: string }) => `${i.username}:${i.action}`,
    );
    expect(actions).toEqual(expect.arrayContaining(['cai.aline:parcours.history']));
    expect(audit.body.items.filter((i: { action: string }) => i.action === 'parcours.history')).toHaveLength(
      2,
    );
    expect(
      (await t.http.delete('/api/audit').set('Authorization', `Bearer ${await api.token('admin')}`)).status,
    ).toBe(404);
    const db = new Client({ connectionString: t.db.url });
    await db.connect();
    await expect(db.query('UPDATE audit_access SET username = $1', ['someone'])).rejects.toThrow(
      /append-only/,
    );
    await expect(db.query('DELETE FROM audit_access')).rejects.toThrow(/append-only/);
    await db.end();
  });
});
