/**
 * Credit lines under and inside articles: the source credit ("Sumber: APNews") and photo captions
 * and credits ("Foto: ANTARA/Sigid Kurniawan", "Dok. Istimewa", "(AP Photo/Evan Vucci)"). Each test
 * takes one normalised line and stays conservative: a sentence about photos or sources is kept.
 */
import { isOutletName } from './outlets.ts';
import { endsSentence, wordCount } from '../text/index.ts';

/**
 * "Sumber: APNews" -> "APNews": the credit a site prints under an article, or null when the line is
 * not a short credit line ("Sumber di kementerian mengatakan ..." is body text).
 */
export function creditOf(line: string): string | null {
  if (line.length > 160) return null;
  const m = /^sumber\s?:\s?(.+)$/i.exec(line);
  if (!m || m[1] === undefined) return null;
  const credit = m[1].trim();
  if (credit === '' || wordCount(credit) > 8 || /[.!?]$/.test(credit.replace(/\b[\w-]+\.(?:com|id|net|org)$/i, ''))) return null;
  return credit;
}

/**
 * A photo caption or credit: "… Foto/The Times of Israel", "Foto: ANTARA/Sigid Kurniawan",
 * "… /Pexels", "(AP Photo/Evan Vucci)". A sentence about photos ("Foto-foto yang beredar …",
 * "Foto/video yang beredar menunjukkan …") is not one: the credit after the marker must be a
 * short capitalised name.
 */
export function isPhotoCredit(line: string): boolean {
  if (line.length > 400 || wordCount(line) > 45) return false;
  // Every form below needs a slash, a colon, a bar or a closing bracket: most body lines stop here.
  const closesBracket = line.endsWith(')');
  const hasSlash = line.includes('/');
  if (!closesBracket && !hasSlash && !line.endsWith(']') && !line.includes(':') && !line.includes('|')) return false;
  // "Foto/…", "Foto: …", "FOTO | …", "ANTARA FOTO/…", "Photo: …", "Ilustrasi/…", "Dok./…" then a short credit.
  const marker = /foto|photo|ilustrasi|dok/i.test(line)
    ? /(?:^|[\s.([])(?:foto|photo|ilustrasi|dok|dokumentasi|sumber foto|kredit foto)\.?\s?[:/|]\s?(\S.*)$/i.exec(line)
    : null;
  if (marker && marker[1] !== undefined) {
    const credit = marker[1].replace(/[)\]]+\s?$/, '');
    if (/^[\p{Lu}\p{N}@]|^(?:dok|ist|istimewa|ilustrasi|net|freepik|shutterstock|pixabay|unsplash|pexels|getty|antara|reuters|afp|ap|tangkapan layar|screenshot|instagram|twitter|youtube|tiktok|x\.com)\b/iu.test(credit) && wordCount(credit) <= 8 && !/[.!?]\s\p{Lu}/u.test(credit)) {
      return true;
    }
  }
  // "(AP Photo/Evan Vucci)", "(ANTARA FOTO/…)", "(Foto: …)" closing the line.
  if (closesBracket && /\((?:[\p{Lu}]{2,10}\s)?(?:photo|foto|dok|ilustrasi|istimewa)\b[^()]{0,80}\)$/iu.test(line)) return true;
  // "REUTERS/Evelyn Hockstein" alone, or "… di Kyiv. (REUTERS/Gleb Garanich)" closing a caption.
  if (hasSlash && /^(?:\p{Lu}{2,12}(?:\s\p{Lu}{2,12})?)\/\s?\p{Lu}[\p{L}.' -]{1,40}$/u.test(line)) return true;
  if (hasSlash && closesBracket && /\((?:\p{Lu}{2,12}(?:\s\p{Lu}{2,12})?)\/\s?\p{Lu}\p{Ll}+(?:\s\p{Lu}[\p{L}.'-]*){0,3}\)$/u.test(line)) return true;
  // "Ilustrasi narkoba. [Suara.com/Ema Rohimah]", "Warga antre. (Dok. Pemprov/Budi)": a bracketed slash credit.
  if ((closesBracket || line.endsWith(']')) && wordCount(line) <= 30 && !/["“”]/.test(line) && /\.\s?[([][\p{L}\p{N}. -]{2,30}\/\s?\p{Lu}[\p{L}.' -]{1,40}[)\]]$/u.test(line)) return true;
  // "Ilustrasi kapal perang. (SHUTTERSTOCK)", "Warga antre. (AFP)": a caption, then the agency in brackets.
  // A quote or a long text before the agency is a body paragraph crediting its source, never a caption.
  if (closesBracket && /\.\s?\((?:\p{Lu}{2,}(?:\s\p{Lu}{2,})?|Getty Images|iStock\w*|Shutterstock|Freepik|Unsplash|Pexels)\)$/u.test(line) && wordCount(line) <= 30 && !/["“”]/.test(line)) return true;
  // "Headline text /Pexels": a slash credit of one to four capitalised words at the end.
  if (hasSlash && /\s\/\s?[\p{Lu}@][\p{L}\p{N}.&'/_-]{1,30}(?:\s[\p{Lu}][\p{L}\p{N}.&'/-]{0,30}){0,3}$/u.test(line)) return true;
  return false;
}

const STOCK_PHOTO = String.raw`(?:shutterstock|istock(?:photo)?|freepik|unsplash|pexels|pixabay|getty images|canva|dreamstime|123rf)`;
const CREDIT_ONLY = new RegExp(
  String.raw`^(?:(?:dok(?:umentasi)?|ist|istimewa)\b(?:\.?\s?[:/]?\s?[\p{L} .@/&-]{0,40})?|` +
    String.raw`${STOCK_PHOTO}(?:\.com)?|tangkapan layar\s[\p{L}\p{N} .@/&-]{2,60}|screenshot\s[\p{L}\p{N} .@/&-]{2,60}|` +
    String.raw`(?:instagram|twitter|x|tiktok|youtube|facebook)\s?[:/]?\s?@[\w.]{2,40})$`,
  'iu',
);

/**
 * A line that is only a photo credit, without a caption: "Dok. Istimewa", "DOK. Humas Polri",
 * "Shutterstock", "Tangkapan layar YouTube Sekretariat Presiden", "Instagram @jokowi",
 * "KOMPAS.com/Garry Lotulung", "Ilustrasi APBN (Shutterstock)". A sentence never matches.
 */
export function isCreditOnly(line: string): boolean {
  if (line.length > 90 || endsSentence(line) || wordCount(line) > 9) return false;
  if (CREDIT_ONLY.test(line)) return true;
  // "KOMPAS.com/Garry Lotulung", "detikcom/Andhika Prasetia", "REUTERS/Evelyn Hockstein": source, slash, name.
  const slash = /^([\p{L}\p{N}.-]{2,30})\/\s?\p{Lu}[\p{L}.' -]{1,40}$/u.exec(line);
  if (slash?.[1] !== undefined && (isOutletName(slash[1]) || /^\p{Lu}{2,}$/u.test(slash[1]))) return true;
  return line.endsWith(')') && STOCK_TAIL.test(line);
}

const STOCK_TAIL = new RegExp(String.raw`\s\(${STOCK_PHOTO}(?:/[^()]{1,40})?\)$`, 'i');
