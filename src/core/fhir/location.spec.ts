import { healthcareServiceResource } from './healthcare-service';
import { roomLocation, siteLocation } from './location';

const site = { id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', name: 'Smärtrehab Västerås', phone: '021-17 30 00', address: 'Östra Ringvägen 2, Västerås' };
const room = { id: '0f1e2d3c-4b5a-4697-8877-665544332211', siteId: site.id, name: 'Gymmet', kind: 'group_room' as const, deactivatedFrom: null };
const SITE_TYPE = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/location-physical-type', code: 'si', display: 'Site' }] };

describe('the registers of a site as FHIR', () => {
  it('makes the site a Location of type site with the contact its patients are given', () => {
    expect(siteLocation(site)).toEqual({
      resourceType: 'Location',
      id: site.id,
      status: 'active',
      name: 'Smärtrehab Västerås',
      mode: 'instance',
      telecom: [{ system: 'phone', value: '021-17 30 00' }],
      address: { text: 'Östra Ringvägen 2, Västerås' },
      physicalType: SITE_TYPE,
    });
    const silent = siteLocation({ ...site, phone: null, address: null });
    expect(silent).not.toHaveProperty('telecom');
    expect(silent).not.toHaveProperty('address');
  });

  it('makes a room a Location of type room, part of its site, its kind as the type, inactive once out of use', () => {
    expect(roomLocation(room, site, '2027-01-11')).toEqual({
      resourceType: 'Location',
      id: room.id,
      status: 'active',
      name: 'Gymmet',
      mode: 'instance',
      type: [{ text: 'group room' }],
      physicalType: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/location-physical-type', code: 'ro', display: 'Room' }] },
      partOf: { reference: `Location/${site.id}`, display: 'Smärtrehab Västerås' },
    });
    expect(roomLocation({ ...room, deactivatedFrom: '2027-01-11' }, site, '2027-01-11').status).toBe('inactive');
  });

  it('gives each site one HealthcareService at the site, with its phone', () => {
    expect(healthcareServiceResource(site)).toEqual({
      resourceType: 'HealthcareService',
      id: site.id,
      active: true,
      type: [{ text: 'Multimodal pain rehabilitation' }],
      location: [{ reference: `Location/${site.id}`, display: 'Smärtrehab Västerås' }],
      name: 'Smärtrehab Västerås',
      telecom: [{ system: 'phone', value: '021-17 30 00' }],
    });
    expect(healthcareServiceResource({ ...site, phone: null })).not.toHaveProperty('telecom');
  });
});
