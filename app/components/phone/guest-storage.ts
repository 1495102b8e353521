// What a remote contributor's device remembers (localStorage, nothing on the server): who they said
// they are for one invite, and which cards they wrote in one meeting.
import { isContributorGroup, type ContributorGroup } from "../../../core/domain";

export interface GuestProfile {
  /** Empty: anonymous. */
  name: string;
  group: ContributorGroup | null;
  /** Random, so that a reconnect or a second tab counts as the same person. */
  guestKey: string;
}

const profileKey = (token: string) => `tavolo:guest:${token}`;
const myCardsKey = (meetingId: string) => `tavolo:mycards:${meetingId}`;

/** 32 characters of base64url from 24 random bytes. */
export function newGuestKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

function read(key: string): unknown {
  try {
    const raw = window.localStorage.getItem(key);
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

function write(key: string, value: unknown): void {
  try {
    window.localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Private browsing or a full storage: the page still works, it just forgets on reload.
  }
}

export function loadProfile(token: string): GuestProfile | null {
  const value = read(profileKey(token)) as Partial<GuestProfile> | null;
  if (
    !value ||
    typeof value.guestKey !== "string" ||
    !/^[A-Za-z0-9_-]{16,64}$/.test(value.guestKey)
  )
    return null;
  return {
    name: typeof value.name === "string" ? value.name.slice(0, 60) : "",
    group: isContributorGroup(value.group) ? value.group : null,
    guestKey: value.guestKey,
  };
}

export function saveProfile(token: string, profile: GuestProfile): void {
  write(profileKey(token), profile);
}

export function loadMyCards(meetingId: string): string[] {
  const value = read(myCardsKey(meetingId));
  return Array.isArray(value) ? value.filter((id): id is string => typeof id === "string") : [];
}

export function saveMyCards(meetingId: string, ids: string[]): void {
  write(myCardsKey(meetingId), ids);
}
