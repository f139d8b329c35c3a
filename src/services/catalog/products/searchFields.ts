import { normalizeCasNumber } from '../shared/cas.js';
import { searchColumns } from '../search/searchText.js';

/** The fields of a product that search reads. */
export interface SearchableProduct {
  name: string;
  nameEn: string;
  grade: string;
  brand: string;
  category: string;
  applications: readonly string[];
  processingMethods: readonly string[];
  components: readonly { casNumber: string | null; name: string }[];
  description: string;
  descriptionEn: string;
}

/** The stored search columns of a product (`search_text`, `search_tokens`, `cas_numbers`). */
export interface ProductSearchColumns {
  searchText: string;
  searchTokens: string[];
  casNumbers: string[];
}

/**
 * The search columns every write of a product stores. The order of the fields is the ranking
 * order of search (a match in the name outranks one in the description), so keep it.
 */
export function productSearchFields(p: SearchableProduct): ProductSearchColumns {
  const casNumbers = [...new Set(p.components.map((c) => (c.casNumber ? normalizeCasNumber(c.casNumber) : '')).filter((c) => c !== ''))];
  const { searchText, searchTokens } = searchColumns([
    p.name,
    p.nameEn,
    p.grade,
    p.brand,
    p.category,
    ...p.applications,
    ...p.processingMethods,
    ...casNumbers,
    ...p.components.map((c) => c.name),
    p.description,
    p.descriptionEn,
  ]);
  return { searchText, searchTokens, casNumbers };
}
