// engines/pagination: keyset list pages with the service's token members and invalid-token error (pure).

export {
  ascending,
  descending,
  type KeysetOrder,
  keysetPage,
  type Page,
  type PageKey,
  type PageRequest,
  pageMembers,
} from './keyset-page.js';
