import PDFDocument from 'pdfkit';
import type { PatientSchedule } from '../core/rules/patient-schedule';

/**
 * The schedule as an A4 PDF in the standard Helvetica (its WinAnsi encoding holds å, ä, ö and the
 * dash). Written uncompressed: a page of text is small, and its words stay findable in the file.
 */
export function schedulePdf(schedule: PatientSchedule, printedOn: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 56, compress: false, info: { Title: schedule.title, Producer: 'rehab-scheduler' } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(16).text(schedule.title);
  doc.font('Helvetica').fontSize(11).moveDown(0.5).text(`${schedule.patientName}, utskrivet ${printedOn}`).moveDown();
  if (!schedule.visits.length) doc.text('Du har inga inbokade besök.');
  for (const line of schedule.visits) doc.text(line).moveDown(0.3);
  doc.moveDown().font('Helvetica-Bold').text('Återbud').font('Helvetica').text(schedule.howToCancel);
  doc.end();
  return done;
}
