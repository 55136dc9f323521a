/**
 * arXiv's category codes, as its taxonomy lists them (https://arxiv.org/category_taxonomy), with
 * their names. A `cat:` filter naming anything else matches nothing, and a subscription to it would
 * make every ingest ask arXiv for a listing that does not exist (404). Codes are written as arXiv
 * writes them: two-letter subject classes upper case (cs.IR), longer ones lower case
 * (cond-mat.mes-hall). Cross-listed aliases (math.IT = cs.IT, cs.SY = eess.SY, math.ST = stat.TH…)
 * are arXiv's own codes too, so they are listed.
 */
import { fail, ok, type Result } from '../errors.ts';
import { editDistance } from './edit-distance.ts';
import type { CategoryFilter } from './search-query.ts';

/** The archives (`cat:cs` filters a whole archive). Archives without subject classes are categories themselves. */
export const ARXIV_ARCHIVES: Readonly<Record<string, string>> = {
  'astro-ph': 'Astrophysics',
  'cond-mat': 'Condensed Matter',
  cs: 'Computer Science',
  econ: 'Economics',
  eess: 'Electrical Engineering and Systems Science',
  'gr-qc': 'General Relativity and Quantum Cosmology',
  'hep-ex': 'High Energy Physics - Experiment',
  'hep-lat': 'High Energy Physics - Lattice',
  'hep-ph': 'High Energy Physics - Phenomenology',
  'hep-th': 'High Energy Physics - Theory',
  math: 'Mathematics',
  'math-ph': 'Mathematical Physics',
  nlin: 'Nonlinear Sciences',
  'nucl-ex': 'Nuclear Experiment',
  'nucl-th': 'Nuclear Theory',
  physics: 'Physics',
  'q-bio': 'Quantitative Biology',
  'q-fin': 'Quantitative Finance',
  'quant-ph': 'Quantum Physics',
  stat: 'Statistics',
};

/** Every category with a subject class, by code. */
export const ARXIV_CATEGORIES: Readonly<Record<string, string>> = {
  'astro-ph.CO': 'Cosmology and Nongalactic Astrophysics',
  'astro-ph.EP': 'Earth and Planetary Astrophysics',
  'astro-ph.GA': 'Astrophysics of Galaxies',
  'astro-ph.HE': 'High Energy Astrophysical Phenomena',
  'astro-ph.IM': 'Instrumentation and Methods for Astrophysics',
  'astro-ph.SR': 'Solar and Stellar Astrophysics',
  'cond-mat.dis-nn': 'Disordered Systems and Neural Networks',
  'cond-mat.mes-hall': 'Mesoscale and Nanoscale Physics',
  'cond-mat.mtrl-sci': 'Materials Science',
  'cond-mat.other': 'Other Condensed Matter',
  'cond-mat.quant-gas': 'Quantum Gases',
  'cond-mat.soft': 'Soft Condensed Matter',
  'cond-mat.stat-mech': 'Statistical Mechanics',
  'cond-mat.str-el': 'Strongly Correlated Electrons',
  'cond-mat.supr-con': 'Superconductivity',
  'cs.AI': 'Artificial Intelligence',
  'cs.AR': 'Hardware Architecture',
  'cs.CC': 'Computational Complexity',
  'cs.CE': 'Computational Engineering, Finance, and Science',
  'cs.CG': 'Computational Geometry',
  'cs.CL': 'Computation and Language',
  'cs.CR': 'Cryptography and Security',
  'cs.CV': 'Computer Vision and Pattern Recognition',
  'cs.CY': 'Computers and Society',
  'cs.DB': 'Databases',
  'cs.DC': 'Distributed, Parallel, and Cluster Computing',
  'cs.DL': 'Digital Libraries',
  'cs.DM': 'Discrete Mathematics',
  'cs.DS': 'Data Structures and Algorithms',
  'cs.ET': 'Emerging Technologies',
  'cs.FL': 'Formal Languages and Automata Theory',
  'cs.GL': 'General Literature',
  'cs.GR': 'Graphics',
  'cs.GT': 'Computer Science and Game Theory',
  'cs.HC': 'Human-Computer Interaction',
  'cs.IR': 'Information Retrieval',
  'cs.IT': 'Information Theory',
  'cs.LG': 'Machine Learning',
  'cs.LO': 'Logic in Computer Science',
  'cs.MA': 'Multiagent Systems',
  'cs.MM': 'Multimedia',
  'cs.MS': 'Mathematical Software',
  'cs.NA': 'Numerical Analysis',
  'cs.NE': 'Neural and Evolutionary Computing',
  'cs.NI': 'Networking and Internet Architecture',
  'cs.OH': 'Other Computer Science',
  'cs.OS': 'Operating Systems',
  'cs.PF': 'Performance',
  'cs.PL': 'Programming Languages',
  'cs.RO': 'Robotics',
  'cs.SC': 'Symbolic Computation',
  'cs.SD': 'Sound',
  'cs.SE': 'Software Engineering',
  'cs.SI': 'Social and Information Networks',
  'cs.SY': 'Systems and Control',
  'econ.EM': 'Econometrics',
  'econ.GN': 'General Economics',
  'econ.TH': 'Theoretical Economics',
  'eess.AS': 'Audio and Speech Processing',
  'eess.IV': 'Image and Video Processing',
  'eess.SP': 'Signal Processing',
  'eess.SY': 'Systems and Control',
  'math.AC': 'Commutative Algebra',
  'math.AG': 'Algebraic Geometry',
  'math.AP': 'Analysis of PDEs',
  'math.AT': 'Algebraic Topology',
  'math.CA': 'Classical Analysis and ODEs',
  'math.CO': 'Combinatorics',
  'math.CT': 'Category Theory',
  'math.CV': 'Complex Variables',
  'math.DG': 'Differential Geometry',
  'math.DS': 'Dynamical Systems',
  'math.FA': 'Functional Analysis',
  'math.GM': 'General Mathematics',
  'math.GN': 'General Topology',
  'math.GR': 'Group Theory',
  'math.GT': 'Geometric Topology',
  'math.HO': 'History and Overview',
  'math.IT': 'Information Theory',
  'math.KT': 'K-Theory and Homology',
  'math.LO': 'Logic',
  'math.MG': 'Metric Geometry',
  'math.MP': 'Mathematical Physics',
  'math.NA': 'Numerical Analysis',
  'math.NT': 'Number Theory',
  'math.OA': 'Operator Algebras',
  'math.OC': 'Optimization and Control',
  'math.PR': 'Probability',
  'math.QA': 'Quantum Algebra',
  'math.RA': 'Rings and Algebras',
  'math.RT': 'Representation Theory',
  'math.SG': 'Symplectic Geometry',
  'math.SP': 'Spectral Theory',
  'math.ST': 'Statistics Theory',
  'nlin.AO': 'Adaptation and Self-Organizing Systems',
  'nlin.CD': 'Chaotic Dynamics',
  'nlin.CG': 'Cellular Automata and Lattice Gases',
  'nlin.PS': 'Pattern Formation and Solitons',
  'nlin.SI': 'Exactly Solvable and Integrable Systems',
  'physics.acc-ph': 'Accelerator Physics',
  'physics.ao-ph': 'Atmospheric and Oceanic Physics',
  'physics.app-ph': 'Applied Physics',
  'physics.atm-clus': 'Atomic and Molecular Clusters',
  'physics.atom-ph': 'Atomic Physics',
  'physics.bio-ph': 'Biological Physics',
  'physics.chem-ph': 'Chemical Physics',
  'physics.class-ph': 'Classical Physics',
  'physics.comp-ph': 'Computational Physics',
  'physics.data-an': 'Data Analysis, Statistics and Probability',
  'physics.ed-ph': 'Physics Education',
  'physics.flu-dyn': 'Fluid Dynamics',
  'physics.gen-ph': 'General Physics',
  'physics.geo-ph': 'Geophysics',
  'physics.hist-ph': 'History and Philosophy of Physics',
  'physics.ins-det': 'Instrumentation and Detectors',
  'physics.med-ph': 'Medical Physics',
  'physics.optics': 'Optics',
  'physics.plasm-ph': 'Plasma Physics',
  'physics.pop-ph': 'Popular Physics',
  'physics.soc-ph': 'Physics and Society',
  'physics.space-ph': 'Space Physics',
  'q-bio.BM': 'Biomolecules',
  'q-bio.CB': 'Cell Behavior',
  'q-bio.GN': 'Genomics',
  'q-bio.MN': 'Molecular Networks',
  'q-bio.NC': 'Neurons and Cognition',
  'q-bio.OT': 'Other Quantitative Biology',
  'q-bio.PE': 'Populations and Evolution',
  'q-bio.QM': 'Quantitative Methods',
  'q-bio.SC': 'Subcellular Processes',
  'q-bio.TO': 'Tissues and Organs',
  'q-fin.CP': 'Computational Finance',
  'q-fin.EC': 'Economics',
  'q-fin.GN': 'General Finance',
  'q-fin.MF': 'Mathematical Finance',
  'q-fin.PM': 'Portfolio Management',
  'q-fin.PR': 'Pricing of Securities',
  'q-fin.RM': 'Risk Management',
  'q-fin.ST': 'Statistical Finance',
  'q-fin.TR': 'Trading and Market Microstructure',
  'stat.AP': 'Applications',
  'stat.CO': 'Computation',
  'stat.ME': 'Methodology',
  'stat.ML': 'Machine Learning',
  'stat.OT': 'Other Statistics',
  'stat.TH': 'Statistics Theory',
};

const BY_LOWER_CODE = new Map<string, string>(
  [...Object.keys(ARXIV_ARCHIVES), ...Object.keys(ARXIV_CATEGORIES)].map((code) => [code.toLowerCase(), code]),
);

/** arXiv's spelling of a code, typed in any case: two-letter subject classes upper case, the rest lower case. */
export function arxivSpelling(code: string): string {
  const known = BY_LOWER_CODE.get(code.toLowerCase());
  if (known) return known;
  const [archive = '', subject] = code.split('.', 2);
  if (subject === undefined) return archive.toLowerCase();
  return `${archive.toLowerCase()}.${subject.length === 2 ? subject.toUpperCase() : subject.toLowerCase()}`;
}

/** The code a `cat:` filter names, as typed (lowercase in a parsed query): `cs.ir`, `cs`. */
export function codeOfFilter(filter: CategoryFilter): string {
  return filter.subject === null ? filter.archive : `${filter.archive}.${filter.subject}`;
}

/** Whether a code (any case) is an arXiv archive or category. */
export function isArxivCategory(code: string): boolean {
  return BY_LOWER_CODE.has(code.toLowerCase());
}

/** The name of an archive or category ("Information Retrieval"), or null for an unknown code. */
export function arxivCategoryName(code: string): string | null {
  const known = BY_LOWER_CODE.get(code.toLowerCase());
  if (!known) return null;
  return ARXIV_CATEGORIES[known] ?? ARXIV_ARCHIVES[known] ?? null;
}

/**
 * The known codes nearest to an unknown one, closest first: within the same archive when the
 * archive is real (`cs.XX` → cs.* codes), else over every code (`csx.IR` → cs.IR). Ties keep
 * the list's alphabetical order.
 */
export function nearestArxivCategories(code: string, max = 3): string[] {
  const typed = code.toLowerCase();
  const [archive = '', subject] = typed.split('.', 2);
  const sameArchive = subject !== undefined && categoriesOfArchive(archive).length > 0;
  const pool = [...BY_LOWER_CODE.keys()].filter((c) => !sameArchive || c.startsWith(`${archive}.`));
  const ranked = pool
    .map((c) => ({ code: BY_LOWER_CODE.get(c)!, distance: editDistance(typed, c) }))
    .sort((x, y) => x.distance - y.distance || x.code.localeCompare(y.code));
  // Only the closest: cs.IRR is one edit from cs.IR and two from cs.AR, which would only distract.
  return ranked.filter((c) => c.distance === ranked[0]?.distance).slice(0, max).map((c) => c.code);
}

/** The subject classes of an archive, in arXiv's spelling (`cs` → cs.AI … cs.SY); [] for one without. */
export function categoriesOfArchive(archive: string): string[] {
  return Object.keys(ARXIV_CATEGORIES).filter((code) => code.startsWith(`${archive.toLowerCase()}.`));
}

/**
 * Checks the `cat:` filters of a query: each must name an arXiv archive or category. An unknown
 * one is refused with the nearest real codes and, when its archive is real, that archive's list.
 * `typed` (the query's text) lets the message show the code as it was written.
 */
export function checkCategoryFilters(filters: readonly CategoryFilter[], typed = ''): Result<void> {
  const written = [...typed.matchAll(/(?:^|\s)cat:"?([^\s"]+)/g)].map((m) => m[1]!);
  for (const filter of filters) {
    const code = codeOfFilter(filter);
    if (isArxivCategory(code)) continue;
    const shown = written.find((w) => w.toLowerCase() === code) ?? arxivSpelling(code);
    const nearest = nearestArxivCategories(code).map((c) => `${c} (${arxivCategoryName(c)})`);
    const archiveList = filter.subject !== null ? categoriesOfArchive(filter.archive) : [];
    const hint =
      archiveList.length > 0
        ? `The ${filter.archive} categories: ${archiveList.join(', ')}. Or cat:${filter.archive} for all of them.`
        : `Archives: ${Object.keys(ARXIV_ARCHIVES).join(', ')}. Categories look like cs.IR or stat.ML (https://arxiv.org/category_taxonomy).`;
    return fail('query.unknown_category', `“${shown}” is not an arXiv category. Nearest: ${nearest.join(', ')}.`, hint);
  }
  return ok(undefined);
}
