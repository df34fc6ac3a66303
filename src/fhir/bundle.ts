import type { Bundle, Resource } from '@medplum/fhirtypes';
import { FhirPage, FhirSearch } from './fhir-resources';

/**
 * A search's answer: a `searchset` Bundle with the total, this page's matches, and links to this
 * page and the next (`_offset`), each link the search as asked with only the page changed.
 */
export function searchset(baseUrl: string, type: string, search: FhirSearch, page: FhirPage): Bundle {
  const link = (offset: number) => {
    const query = new URLSearchParams();
    for (const [name, values] of search.params) for (const value of values) query.append(name, value);
    query.set('_count', String(search.count));
    if (offset > 0) query.set('_offset', String(offset));
    return `${baseUrl}/${type}?${query.toString()}`;
  };
  const next = search.offset + page.resources.length;
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: page.total,
    link: [{ relation: 'self', url: link(search.offset) }, ...(next < page.total && page.resources.length ? [{ relation: 'next', url: link(next) }] : [])],
    entry: page.resources.map((resource: Resource) => ({ fullUrl: `${baseUrl}/${resource.resourceType}/${resource.id}`, resource, search: { mode: 'match' } })),
  };
}
