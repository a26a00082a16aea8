import { presentPracticeSummary } from '../practices/index.ts';
import type {
  CityFact,
  CityProfile,
  CitySummary,
  findPeersOfCity,
  PeerView,
} from './city.service.ts';

/** Pure functions that pick the public fields: the database shape never reaches the API. */
function cityRef(city: CitySummary, publicUrl: string) {
  return {
    id: city.id,
    name: city.name,
    url: `${publicUrl}/cities/${city.id}`,
    country: city.country.code,
    country_name: city.country.name,
  };
}

function presentFact(fact: CityFact) {
  return {
    kind: fact.kind,
    value: fact.value,
    year: fact.year,
    source: { title: fact.sourceTitle, url: fact.sourceUrl },
  };
}

export function presentCityProfile(city: CityProfile, publicUrl: string) {
  return {
    ...cityRef(city, publicUrl),
    regions: city.regions,
    latitude: city.latitude,
    longitude: city.longitude,
    geonames_id: city.geonamesId,
    gazetteer_population: city.gazetteerPopulation,
    size_band: city.sizeBand,
    latest: {
      population: city.latest.population ? presentFact(city.latest.population) : null,
      foreign_born_share: city.latest.foreign_born_share
        ? presentFact(city.latest.foreign_born_share)
        : null,
    },
    facts: city.facts.map(presentFact),
    networks: city.networks.map((n) => ({ name: n.name, url: n.url })),
    practice_count: city.practices.total,
    practices: city.practices.items.map((card) => presentPracticeSummary(card, publicUrl)),
    organisations: city.organisations.map((o) => ({ name: o.name, website: o.website })),
    about: city.about
      ? {
          language: city.about.language,
          context: city.about.context,
          offers: city.about.offers,
          looking_for: city.about.lookingFor,
          languages: city.about.languages,
          contact_points: city.about.contacts,
          maintained_by: city.municipalities.map((m) => ({
            name: m.name,
            url: `${publicUrl}/organisations/${m.slug}`,
          })),
          updated_at: city.about.updatedAt,
        }
      : null,
  };
}

function presentReason(reason: PeerView['reasons'][number]) {
  switch (reason.kind) {
    case 'themes':
    case 'targetGroups':
      return {
        kind: reason.kind === 'themes' ? 'themes' : 'target_groups',
        concepts: reason.items,
      };
    case 'size':
      return { kind: 'size' as const, same_band: reason.same };
    case 'region':
      return {
        kind: 'region' as const,
        code: reason.code,
        name: reason.name,
        same_subregion: reason.near,
      };
  }
}

export function presentPeers(
  result: Awaited<ReturnType<typeof findPeersOfCity>>,
  publicUrl: string,
) {
  return {
    city: cityRef(result.city, publicUrl),
    size_band: result.sizeBand,
    total: result.peers.length,
    results: result.peers.map((peer) => ({
      ...cityRef(peer, publicUrl),
      score: peer.score,
      parts: {
        themes: peer.parts.themes,
        target_groups: peer.parts.targetGroups,
        size: peer.parts.size,
        region: peer.parts.region,
      },
      reasons: peer.reasons.map(presentReason),
      practices: peer.practices.map((p) => ({
        slug: p.slug,
        title: p.title,
        url: `${publicUrl}/practices/${p.slug}`,
      })),
    })),
  };
}
