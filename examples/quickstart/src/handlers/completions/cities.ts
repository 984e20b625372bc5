import type { Completions } from '../../generated/contracts.gen.js';

const CITIES = ['Dhaka', 'Chittagong', 'Khulna', 'Rajshahi', 'Sylhet', 'Barishal'];

/** Completion provider `cities`: the cities whose name starts with what was typed (case-insensitive). */
export default (async (value) => {
  const prefix = value.toLowerCase();
  return CITIES.filter((c) => c.toLowerCase().startsWith(prefix));
}) satisfies Completions['cities'];
