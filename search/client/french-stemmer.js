// Snowball French stemmer for the Capsule search client, apart from the engine.
//
// Why it exists: the index holds Snowball French stems computed by tantivy (crate
// frostem, Snowball 3.1.1), so the browser must stem query words exactly the same
// way. This is a line-by-line translation of that generated Rust code; it changes
// only when tantivy's stemmer does. `client/test/stemmer.test.mjs` checks it against
// tantivy's stems of the word list `client/test/fixtures/french-stems.tsv`.
// Plain modern JavaScript, no dependency.
//
//   import { stem } from './french-stemmer.js';
//   stem('lectures'); // 'lectur'

/* ------------------------------------------------------------------------ */
/* Snowball runtime: the subset of frostem's SnowballEnv the French stemmer */
/* uses, on UTF-16 code units (French letters are all in the BMP).          */
/* ------------------------------------------------------------------------ */

class SnowballEnv {
  constructor(word) {
    this.current = word;
    this.cursor = 0;
    this.limit = word.length;
    this.limitBackward = 0;
    this.bra = 0;
    this.ket = 0;
  }

  code(index) {
    return this.current.charCodeAt(index);
  }

  replaceS(bra, ket, s) {
    const adjustment = s.length - (ket - bra);
    this.current = this.current.slice(0, bra) + s + this.current.slice(ket);
    this.limit += adjustment;
    if (this.cursor >= ket) this.cursor += adjustment;
    else if (this.cursor > bra) this.cursor = bra;
    return adjustment;
  }

  eqS(s) {
    if (this.cursor >= this.limit || !this.current.startsWith(s, this.cursor)) return false;
    this.cursor += s.length;
    return true;
  }

  eqSB(s) {
    if (this.cursor - this.limitBackward < s.length) return false;
    if (!this.current.startsWith(s, this.cursor - s.length)) return false;
    this.cursor -= s.length;
    return true;
  }

  sliceFrom(s) {
    this.replaceS(this.bra, this.ket, s);
    this.ket = this.bra + s.length;
  }

  sliceDel() {
    this.sliceFrom('');
  }

  nextChar() {
    this.cursor += 1;
  }

  previousChar() {
    this.cursor -= 1;
  }

  static inSet(g, ch, min, max) {
    if (ch > max || ch < min) return false;
    const bit = ch - min;
    return (g[bit >> 3] & (1 << (bit & 7))) !== 0;
  }

  inGrouping(g, min, max) {
    if (this.cursor >= this.limit || !SnowballEnv.inSet(g, this.code(this.cursor), min, max)) return false;
    this.cursor += 1;
    return true;
  }

  goInGrouping(g, min, max) {
    while (this.cursor < this.limit) {
      if (!SnowballEnv.inSet(g, this.code(this.cursor), min, max)) return true;
      this.cursor += 1;
    }
    return false;
  }

  inGroupingB(g, min, max) {
    if (this.cursor <= this.limitBackward || !SnowballEnv.inSet(g, this.code(this.cursor - 1), min, max)) return false;
    this.cursor -= 1;
    return true;
  }

  outGrouping(g, min, max) {
    if (this.cursor >= this.limit || SnowballEnv.inSet(g, this.code(this.cursor), min, max)) return false;
    this.cursor += 1;
    return true;
  }

  goOutGrouping(g, min, max) {
    while (this.cursor < this.limit) {
      if (SnowballEnv.inSet(g, this.code(this.cursor), min, max)) return true;
      this.cursor += 1;
    }
    return false;
  }

  outGroupingB(g, min, max) {
    if (this.cursor <= this.limitBackward || SnowballEnv.inSet(g, this.code(this.cursor - 1), min, max)) return false;
    this.cursor -= 1;
    return true;
  }

  /** Binary search of the longest entry of `among` matching at the cursor. */
  findAmong(among) {
    const c = this.cursor;
    const l = this.limit;
    const compare = (w, common) => {
      let diff = 0;
      for (let i = common; i < w.length; i++) {
        if (c + common === l) return [-1, common];
        diff = this.code(c + common) - w.charCodeAt(i);
        if (diff !== 0) return [diff, common];
        common += 1;
      }
      return [diff, common];
    };
    const i = searchAmong(among, compare);
    return this.resolveAmong(among, i.index, i.common, (w) => c + w.length);
  }

  /** Like `findAmong`, matching backwards from the cursor. */
  findAmongB(among) {
    const c = this.cursor;
    const lb = this.limitBackward;
    const compare = (w, common) => {
      let diff = 0;
      for (let i = w.length - 1 - common; i >= 0; i--) {
        if (c - common === lb) return [-1, common];
        diff = this.code(c - common - 1) - w.charCodeAt(i);
        if (diff !== 0) return [diff, common];
        common += 1;
      }
      return [diff, common];
    };
    const i = searchAmong(among, compare);
    return this.resolveAmong(among, i.index, i.common, (w) => c - w.length);
  }

  resolveAmong(among, index, common, cursorAfter) {
    let i = index;
    for (;;) {
      const [w, substring, result] = among[i];
      if (common >= w.length) {
        this.cursor = cursorAfter(w);
        return result;
      }
      i = substring;
      if (i < 0) return 0;
    }
  }
}

/** The bisection shared by `findAmong` and `findAmongB` (Snowball's). */
function searchAmong(among, compare) {
  let i = 0;
  let j = among.length;
  let commonI = 0;
  let commonJ = 0;
  let firstKeyInspected = false;
  for (;;) {
    const k = i + ((j - i) >> 1);
    const [diff, common] = compare(among[k][0], Math.min(commonI, commonJ));
    if (diff < 0) {
      j = k;
      commonJ = common;
    } else {
      i = k;
      commonI = common;
    }
    if (j - i <= 1) {
      if (i > 0 || j === i || firstKeyInspected) break;
      firstKeyInspected = true;
    }
  }
  return { index: i, common: commonI };
}

const A_0 = [ ["col", -1, -1], ["ni", -1, 1], ["par", -1, -1], ["tap", -1, -1]];
const A_1 = [ ["", -1, 7], ["H", 0, 6], ["He", 1, 4], ["Hi", 1, 5], ["I", 0, 1], ["U", 0, 2], ["Y", 0, 3]];
const A_2 = [ ["iqU", -1, 3], ["abl", -1, 3], ["Ièr", -1, 4], ["ièr", -1, 4], ["eus", -1, 2], ["iv", -1, 1]];
const A_3 = [ ["ic", -1, 2], ["abil", -1, 1], ["iv", -1, 3]];
const A_4 = [ ["iqUe", -1, 1], ["atrice", -1, 2], ["ance", -1, 1], ["ence", -1, 5], ["logie", -1, 3], ["able", -1, 1], ["isme", -1, 1], ["euse", -1, 12], ["iste", -1, 1], ["ive", -1, 8], ["if", -1, 8], ["usion", -1, 4], ["ation", -1, 2], ["ution", -1, 4], ["ateur", -1, 2], ["iqUes", -1, 1], ["atrices", -1, 2], ["ances", -1, 1], ["ences", -1, 5], ["logies", -1, 3], ["ables", -1, 1], ["ismes", -1, 1], ["euses", -1, 12], ["istes", -1, 1], ["ives", -1, 8], ["ifs", -1, 8], ["usions", -1, 4], ["ations", -1, 2], ["utions", -1, 4], ["ateurs", -1, 2], ["ments", -1, 16], ["ements", 30, 6], ["issements", 31, 13], ["ités", -1, 7], ["ment", -1, 16], ["ement", 34, 6], ["issement", 35, 13], ["amment", 34, 14], ["emment", 34, 15], ["aux", -1, 10], ["eaux", 39, 9], ["eux", -1, 1], ["oux", -1, 11], ["ité", -1, 7]];
const A_5 = [ ["ira", -1, 1], ["ie", -1, 1], ["isse", -1, 1], ["issante", -1, 1], ["i", -1, 1], ["irai", 4, 1], ["ir", -1, 1], ["iras", -1, 1], ["ies", -1, 1], ["îmes", -1, 1], ["isses", -1, 1], ["issantes", -1, 1], ["îtes", -1, 1], ["is", -1, 1], ["irais", 13, 1], ["issais", 13, 1], ["irions", -1, 1], ["issions", -1, 1], ["irons", -1, 1], ["issons", -1, 1], ["issants", -1, 1], ["it", -1, 1], ["irait", 21, 1], ["issait", 21, 1], ["issant", -1, 1], ["iraIent", -1, 1], ["issaIent", -1, 1], ["irent", -1, 1], ["issent", -1, 1], ["iront", -1, 1], ["ît", -1, 1], ["iriez", -1, 1], ["issiez", -1, 1], ["irez", -1, 1], ["issez", -1, 1]];
const A_6 = [ ["al", -1, 1], ["épl", -1, -1], ["auv", -1, -1]];
const A_7 = [ ["a", -1, 3], ["era", 0, 2], ["aise", -1, 4], ["asse", -1, 3], ["ante", -1, 3], ["ée", -1, 2], ["ai", -1, 3], ["erai", 6, 2], ["er", -1, 2], ["as", -1, 3], ["eras", 9, 2], ["âmes", -1, 3], ["aises", -1, 4], ["asses", -1, 3], ["antes", -1, 3], ["âtes", -1, 3], ["ées", -1, 2], ["ais", -1, 4], ["eais", 17, 2], ["erais", 17, 2], ["ions", -1, 1], ["erions", 20, 2], ["assions", 20, 3], ["erons", -1, 2], ["ants", -1, 3], ["és", -1, 2], ["ait", -1, 3], ["erait", 26, 2], ["ant", -1, 3], ["aIent", -1, 3], ["eraIent", 29, 2], ["èrent", -1, 2], ["assent", -1, 3], ["eront", -1, 2], ["ât", -1, 3], ["ez", -1, 2], ["iez", 35, 2], ["eriez", 36, 2], ["assiez", 36, 3], ["erez", 35, 2], ["é", -1, 2]];
const A_8 = [ ["e", -1, 3], ["Ière", 0, 2], ["ière", 0, 2], ["ion", -1, 1], ["Ier", -1, 2], ["ier", -1, 2]];
const A_9 = [ ["ell", -1, -1], ["eill", -1, -1], ["enn", -1, -1], ["onn", -1, -1], ["ett", -1, -1]];
const G_v = [17, 65, 16, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 128, 130, 103, 8, 5];
const G_oux_ending = [65, 85];
const G_elision_char = [131, 14, 131];
const G_keep_with_s = [1, 65, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 128];

/** Snowball French (`french.sbl`, Snowball 3.1.1), translated line by line from
 * the Rust code generated for tantivy's stemmer (crate frostem). */
function snowballFrench(env) {
    let among_var;
  let i_p2;
  let i_p1;
  let i_pV;
  let v_1 = env.cursor;
  lab0: while (true) {
    env.bra = env.cursor;
    lab1: while (true) {
      lab2: while (true) {
        if (!env.inGrouping(G_elision_char, 99, 122)) {
          break lab2;
        }
        break lab1;
      }
      if (!env.eqS("qu")) {
        break lab0;
      }
      break lab1;
    }
    if (!env.eqS("'")) {
      break lab0;
    }
    env.ket = env.cursor;
    if (env.cursor >= env.limit) {
      break lab0;
    }
    env.sliceDel();
    break lab0;
  }
  env.cursor = v_1;
  let v_2 = env.cursor;
  lab3: while (true) {
    replab4: while (true) {
      let v_3 = env.cursor;
      lab5: for (let _once = 0; _once < 1; _once++) {
        golab6: while (true) {
          let v_4 = env.cursor;
          lab7: while (true) {
            lab8: while (true) {
              let v_5 = env.cursor;
              lab9: while (true) {
                if (!env.inGrouping(G_v, 97, 251)) {
                  break lab9;
                }
                env.bra = env.cursor;
                lab10: while (true) {
                  let v_6 = env.cursor;
                  lab11: while (true) {
                    if (!env.eqS("u")) {
                      break lab11;
                    }
                    env.ket = env.cursor;
                    if (!env.inGrouping(G_v, 97, 251)) {
                      break lab11;
                    }
                    env.sliceFrom("U");
                    break lab10;
                  }
                  env.cursor = v_6;
                  lab12: while (true) {
                    if (!env.eqS("i")) {
                      break lab12;
                    }
                    env.ket = env.cursor;
                    if (!env.inGrouping(G_v, 97, 251)) {
                      break lab12;
                    }
                    env.sliceFrom("I");
                    break lab10;
                  }
                  env.cursor = v_6;
                  if (!env.eqS("y")) {
                    break lab9;
                  }
                  env.ket = env.cursor;
                  env.sliceFrom("Y");
                  break lab10;
                }
                break lab8;
              }
              env.cursor = v_5;
              lab13: while (true) {
                env.bra = env.cursor;
                if (!env.eqS("ë")) {
                  break lab13;
                }
                env.ket = env.cursor;
                env.sliceFrom("He");
                break lab8;
              }
              env.cursor = v_5;
              lab14: while (true) {
                env.bra = env.cursor;
                if (!env.eqS("ï")) {
                  break lab14;
                }
                env.ket = env.cursor;
                env.sliceFrom("Hi");
                break lab8;
              }
              env.cursor = v_5;
              lab15: while (true) {
                env.bra = env.cursor;
                if (!env.eqS("y")) {
                  break lab15;
                }
                env.ket = env.cursor;
                if (!env.inGrouping(G_v, 97, 251)) {
                  break lab15;
                }
                env.sliceFrom("Y");
                break lab8;
              }
              env.cursor = v_5;
              if (!env.eqS("q")) {
                break lab7;
              }
              env.bra = env.cursor;
              if (!env.eqS("u")) {
                break lab7;
              }
              env.ket = env.cursor;
              env.sliceFrom("U");
              break lab8;
            }
            env.cursor = v_4;
            break golab6;
          }
          env.cursor = v_4;
          if (env.cursor >= env.limit) {
            break lab5;
          }
          env.nextChar();
        }
        continue replab4;
      }
      env.cursor = v_3;
      break replab4;
    }
    break lab3;
  }
  env.cursor = v_2;
  lab16: while (true) {
    i_pV = env.limit;
    i_p1 = env.limit;
    i_p2 = env.limit;
    let v_7 = env.cursor;
    lab17: while (true) {
      lab18: while (true) {
        let v_8 = env.cursor;
        lab19: while (true) {
          if (!env.inGrouping(G_v, 97, 251)) {
            break lab19;
          }
          if (!env.inGrouping(G_v, 97, 251)) {
            break lab19;
          }
          if (env.cursor >= env.limit) {
            break lab19;
          }
          env.nextChar();
          break lab18;
        }
        env.cursor = v_8;
        lab20: while (true) {
          if (env.cursor + 1 >= env.limit || env.code(env.cursor + 1) >> 5 != 3 || ((33282 >> (env.code(env.cursor + 1) & 0x1f)) & 1) == 0) {
            break lab20;
          }

          among_var = env.findAmong(A_0);
          if (among_var == 0) {
            break lab20;
          }
          switch (among_var) {
            case 1: {
              if (!env.inGrouping(G_v, 97, 251)) {
                break lab20;
              }
            } break;
            default:
          }
          break lab18;
        }
        env.cursor = v_8;
        if (env.cursor >= env.limit) {
          break lab17;
        }
        env.nextChar();
        if (!env.goOutGrouping(G_v, 97, 251)) {
          break lab17;
        }
        env.nextChar();
        break lab18;
      }
      i_pV = env.cursor;
      break lab17;
    }
    env.cursor = v_7;
    let v_9 = env.cursor;
    lab21: while (true) {
      if (!env.goOutGrouping(G_v, 97, 251)) {
        break lab21;
      }
      env.nextChar();
      if (!env.goInGrouping(G_v, 97, 251)) {
        break lab21;
      }
      env.nextChar();
      i_p1 = env.cursor;
      if (!env.goOutGrouping(G_v, 97, 251)) {
        break lab21;
      }
      env.nextChar();
      if (!env.goInGrouping(G_v, 97, 251)) {
        break lab21;
      }
      env.nextChar();
      i_p2 = env.cursor;
      break lab21;
    }
    env.cursor = v_9;
    break lab16;
  }
  env.limitBackward = env.cursor;
  env.cursor = env.limit;
  let v_10 = env.limit - env.cursor;
  lab22: while (true) {
    lab23: while (true) {
      let v_11 = env.limit - env.cursor;
      lab24: while (true) {
        let v_12 = env.limit - env.cursor;
        lab25: while (true) {
          let v_13 = env.limit - env.cursor;
          lab26: while (true) {
            env.ket = env.cursor;
            among_var = env.findAmongB(A_4);
            if (among_var == 0) {
              break lab26;
            }
            env.bra = env.cursor;
            switch (among_var) {
              case 1: {
                if (i_p2 > env.cursor) {
                  break lab26;
                }
                env.sliceDel();
              } break;
              case 2: {
                if (i_p2 > env.cursor) {
                  break lab26;
                }
                env.sliceDel();
                let v_14 = env.limit - env.cursor;
                lab27: while (true) {
                  env.ket = env.cursor;
                  if (!env.eqSB("ic")) {
                    env.cursor = env.limit - v_14;
                    break lab27;
                  }
                  env.bra = env.cursor;
                  lab28: while (true) {
                    let v_15 = env.limit - env.cursor;
                    lab29: while (true) {
                      if (i_p2 > env.cursor) {
                        break lab29;
                      }
                      env.sliceDel();
                      break lab28;
                    }
                    env.cursor = env.limit - v_15;
                    env.sliceFrom("iqU");
                    break lab28;
                  }
                  break lab27;
                }
              } break;
              case 3: {
                if (i_p2 > env.cursor) {
                  break lab26;
                }
                env.sliceFrom("log");
              } break;
              case 4: {
                if (i_p2 > env.cursor) {
                  break lab26;
                }
                env.sliceFrom("u");
              } break;
              case 5: {
                if (i_p2 > env.cursor) {
                  break lab26;
                }
                env.sliceFrom("ent");
              } break;
              case 6: {
                if (i_pV > env.cursor) {
                  break lab26;
                }
                env.sliceDel();
                let v_16 = env.limit - env.cursor;
                lab30: while (true) {
                  env.ket = env.cursor;
                  among_var = env.findAmongB(A_2);
                  if (among_var == 0) {
                    env.cursor = env.limit - v_16;
                    break lab30;
                  }
                  env.bra = env.cursor;
                  switch (among_var) {
                    case 1: {
                      if (i_p2 > env.cursor) {
                        env.cursor = env.limit - v_16;
                        break lab30;
                      }
                      env.sliceDel();
                      env.ket = env.cursor;
                      if (!env.eqSB("at")) {
                        env.cursor = env.limit - v_16;
                        break lab30;
                      }
                      env.bra = env.cursor;
                      if (i_p2 > env.cursor) {
                        env.cursor = env.limit - v_16;
                        break lab30;
                      }
                      env.sliceDel();
                    } break;
                    case 2: {
                      lab31: while (true) {
                        let v_17 = env.limit - env.cursor;
                        lab32: while (true) {
                          if (i_p2 > env.cursor) {
                            break lab32;
                          }
                          env.sliceDel();
                          break lab31;
                        }
                        env.cursor = env.limit - v_17;
                        if (i_p1 > env.cursor) {
                          env.cursor = env.limit - v_16;
                          break lab30;
                        }
                        env.sliceFrom("eux");
                        break lab31;
                      }
                    } break;
                    case 3: {
                      if (i_p2 > env.cursor) {
                        env.cursor = env.limit - v_16;
                        break lab30;
                      }
                      env.sliceDel();
                    } break;
                    case 4: {
                      if (i_pV > env.cursor) {
                        env.cursor = env.limit - v_16;
                        break lab30;
                      }
                      env.sliceFrom("i");
                    } break;
                    default:
                  }
                  break lab30;
                }
              } break;
              case 7: {
                if (i_p2 > env.cursor) {
                  break lab26;
                }
                env.sliceDel();
                let v_18 = env.limit - env.cursor;
                lab33: while (true) {
                  env.ket = env.cursor;
                  if (env.cursor - 1 <= env.limitBackward || env.code(env.cursor - 1) >> 5 != 3 || ((4198408 >> (env.code(env.cursor - 1) & 0x1f)) & 1) == 0) {
                    env.cursor = env.limit - v_18;
                    break lab33;
                  }

                  among_var = env.findAmongB(A_3);
                  if (among_var == 0) {
                    env.cursor = env.limit - v_18;
                    break lab33;
                  }
                  env.bra = env.cursor;
                  switch (among_var) {
                    case 1: {
                      lab34: while (true) {
                        let v_19 = env.limit - env.cursor;
                        lab35: while (true) {
                          if (i_p2 > env.cursor) {
                            break lab35;
                          }
                          env.sliceDel();
                          break lab34;
                        }
                        env.cursor = env.limit - v_19;
                        env.sliceFrom("abl");
                        break lab34;
                      }
                    } break;
                    case 2: {
                      lab36: while (true) {
                        let v_20 = env.limit - env.cursor;
                        lab37: while (true) {
                          if (i_p2 > env.cursor) {
                            break lab37;
                          }
                          env.sliceDel();
                          break lab36;
                        }
                        env.cursor = env.limit - v_20;
                        env.sliceFrom("iqU");
                        break lab36;
                      }
                    } break;
                    case 3: {
                      if (i_p2 > env.cursor) {
                        env.cursor = env.limit - v_18;
                        break lab33;
                      }
                      env.sliceDel();
                    } break;
                    default:
                  }
                  break lab33;
                }
              } break;
              case 8: {
                if (i_p2 > env.cursor) {
                  break lab26;
                }
                env.sliceDel();
                let v_21 = env.limit - env.cursor;
                lab38: while (true) {
                  env.ket = env.cursor;
                  if (!env.eqSB("at")) {
                    env.cursor = env.limit - v_21;
                    break lab38;
                  }
                  env.bra = env.cursor;
                  if (i_p2 > env.cursor) {
                    env.cursor = env.limit - v_21;
                    break lab38;
                  }
                  env.sliceDel();
                  env.ket = env.cursor;
                  if (!env.eqSB("ic")) {
                    env.cursor = env.limit - v_21;
                    break lab38;
                  }
                  env.bra = env.cursor;
                  lab39: while (true) {
                    let v_22 = env.limit - env.cursor;
                    lab40: while (true) {
                      if (i_p2 > env.cursor) {
                        break lab40;
                      }
                      env.sliceDel();
                      break lab39;
                    }
                    env.cursor = env.limit - v_22;
                    env.sliceFrom("iqU");
                    break lab39;
                  }
                  break lab38;
                }
              } break;
              case 9: {
                env.sliceFrom("eau");
              } break;
              case 10: {
                if (i_p1 > env.cursor) {
                  break lab26;
                }
                env.sliceFrom("al");
              } break;
              case 11: {
                if (!env.inGroupingB(G_oux_ending, 98, 112)) {
                  break lab26;
                }
                env.sliceFrom("ou");
              } break;
              case 12: {
                lab41: while (true) {
                  let v_23 = env.limit - env.cursor;
                  lab42: while (true) {
                    if (i_p2 > env.cursor) {
                      break lab42;
                    }
                    env.sliceDel();
                    break lab41;
                  }
                  env.cursor = env.limit - v_23;
                  if (i_p1 > env.cursor) {
                    break lab26;
                  }
                  env.sliceFrom("eux");
                  break lab41;
                }
              } break;
              case 13: {
                if (i_p1 > env.cursor) {
                  break lab26;
                }
                if (!env.outGroupingB(G_v, 97, 251)) {
                  break lab26;
                }
                env.sliceDel();
              } break;
              case 14: {
                if (i_pV > env.cursor) {
                  break lab26;
                }
                env.sliceFrom("ant");
                break lab26;
              } break;
              case 15: {
                if (i_pV > env.cursor) {
                  break lab26;
                }
                env.sliceFrom("ent");
                break lab26;
              } break;
              case 16: {
                let v_24 = env.limit - env.cursor;
                if (!env.inGroupingB(G_v, 97, 251)) {
                  break lab26;
                }
                if (i_pV > env.cursor) {
                  break lab26;
                }
                env.cursor = env.limit - v_24;
                env.sliceDel();
                break lab26;
              } break;
              default:
            }
            break lab25;
          }
          env.cursor = env.limit - v_13;
          lab43: while (true) {
            if (env.cursor < i_pV) {
              break lab43;
            }
            let v_25 = env.limitBackward;
            env.limitBackward = i_pV;
            env.ket = env.cursor;
            if (env.cursor <= env.limitBackward || env.code(env.cursor - 1) >> 5 != 3 || ((68944418 >> (env.code(env.cursor - 1) & 0x1f)) & 1) == 0) {
              env.limitBackward = v_25;
              break lab43;
            }

            if (env.findAmongB(A_5) == 0) {
              env.limitBackward = v_25;
              break lab43;
            }
            env.bra = env.cursor;
            lab44: while (true) {
              if (!env.eqSB("H")) {
                break lab44;
              }
              env.limitBackward = v_25;
              break lab43;
            }
            if (!env.outGroupingB(G_v, 97, 251)) {
              env.limitBackward = v_25;
              break lab43;
            }
            env.sliceDel();
            env.limitBackward = v_25;
            break lab25;
          }
          env.cursor = env.limit - v_13;
          if (env.cursor < i_pV) {
            break lab24;
          }
          let v_26 = env.limitBackward;
          env.limitBackward = i_pV;
          env.ket = env.cursor;
          among_var = env.findAmongB(A_7);
          if (among_var == 0) {
            env.limitBackward = v_26;
            break lab24;
          }
          env.bra = env.cursor;
          env.limitBackward = v_26;
          switch (among_var) {
            case 1: {
              if (i_p2 > env.cursor) {
                break lab24;
              }
              env.sliceDel();
            } break;
            case 2: {
              env.sliceDel();
            } break;
            case 3: {
              let v_27 = env.limit - env.cursor;
              lab45: while (true) {
                if (!env.eqSB("e")) {
                  env.cursor = env.limit - v_27;
                  break lab45;
                }
                if (i_pV > env.cursor) {
                  env.cursor = env.limit - v_27;
                  break lab45;
                }
                env.bra = env.cursor;
                break lab45;
              }
              env.sliceDel();
            } break;
            case 4: {
              let v_28 = env.limit - env.cursor;
              lab46: while (true) {
                if (env.cursor - 1 <= env.limitBackward || (env.code(env.cursor - 1) != 108 && env.code(env.cursor - 1) != 118)) {
                  break lab46;
                }

                among_var = env.findAmongB(A_6);
                if (among_var == 0) {
                  break lab46;
                }
                switch (among_var) {
                  case 1: {
                    if (env.cursor <= env.limitBackward) {
                      break lab46;
                    }
                    env.previousChar();
                    if (env.cursor > env.limitBackward) {
                      break lab46;
                    }
                  } break;
                  default:
                }
                break lab24;
              }
              env.cursor = env.limit - v_28;
              env.sliceDel();
            } break;
            default:
          }
          break lab25;
        }
        env.cursor = env.limit - v_12;
        let v_29 = env.limit - env.cursor;
        lab47: while (true) {
          env.ket = env.cursor;
          lab48: while (true) {
            let v_30 = env.limit - env.cursor;
            lab49: while (true) {
              if (!env.eqSB("Y")) {
                break lab49;
              }
              env.bra = env.cursor;
              env.sliceFrom("i");
              break lab48;
            }
            env.cursor = env.limit - v_30;
            if (!env.eqSB("ç")) {
              env.cursor = env.limit - v_29;
              break lab47;
            }
            env.bra = env.cursor;
            env.sliceFrom("c");
            break lab48;
          }
          break lab47;
        }
        break lab23;
      }
      env.cursor = env.limit - v_11;
      let v_31 = env.limit - env.cursor;
      lab50: while (true) {
        env.ket = env.cursor;
        if (!env.eqSB("s")) {
          env.cursor = env.limit - v_31;
          break lab50;
        }
        env.bra = env.cursor;
        let v_32 = env.limit - env.cursor;
        lab51: while (true) {
          lab52: while (true) {
            if (!env.eqSB("Hi")) {
              break lab52;
            }
            break lab51;
          }
          if (!env.outGroupingB(G_keep_with_s, 97, 232)) {
            env.cursor = env.limit - v_31;
            break lab50;
          }
          break lab51;
        }
        env.cursor = env.limit - v_32;
        env.sliceDel();
        break lab50;
      }
      if (env.cursor < i_pV) {
        break lab22;
      }
      let v_33 = env.limitBackward;
      env.limitBackward = i_pV;
      env.ket = env.cursor;
      if (env.cursor <= env.limitBackward || env.code(env.cursor - 1) >> 5 != 3 || ((278560 >> (env.code(env.cursor - 1) & 0x1f)) & 1) == 0) {
        env.limitBackward = v_33;
        break lab22;
      }

      among_var = env.findAmongB(A_8);
      if (among_var == 0) {
        env.limitBackward = v_33;
        break lab22;
      }
      env.bra = env.cursor;
      switch (among_var) {
        case 1: {
          if (i_p2 > env.cursor) {
            env.limitBackward = v_33;
            break lab22;
          }
          lab53: while (true) {
            lab54: while (true) {
              if (!env.eqSB("s")) {
                break lab54;
              }
              break lab53;
            }
            if (!env.eqSB("t")) {
              env.limitBackward = v_33;
              break lab22;
            }
            break lab53;
          }
          env.sliceDel();
        } break;
        case 2: {
          env.sliceFrom("i");
        } break;
        case 3: {
          env.sliceDel();
        } break;
        default:
      }
      env.limitBackward = v_33;
      break lab23;
    }
    break lab22;
  }
  env.cursor = env.limit - v_10;
  let v_34 = env.limit - env.cursor;
  lab55: while (true) {
    let v_35 = env.limit - env.cursor;
    if (env.cursor - 2 <= env.limitBackward || env.code(env.cursor - 1) >> 5 != 3 || ((1069056 >> (env.code(env.cursor - 1) & 0x1f)) & 1) == 0) {
      break lab55;
    }

    if (env.findAmongB(A_9) == 0) {
      break lab55;
    }
    env.cursor = env.limit - v_35;
    env.ket = env.cursor;
    if (env.cursor <= env.limitBackward) {
      break lab55;
    }
    env.previousChar();
    env.bra = env.cursor;
    env.sliceDel();
    break lab55;
  }
  env.cursor = env.limit - v_34;
  let v_36 = env.limit - env.cursor;
  lab56: while (true) {
    let v_37 = 1;
    replab57: while (true) {
      lab58: for (let _once = 0; _once < 1; _once++) {
        if (!env.outGroupingB(G_v, 97, 251)) {
          break lab58;
        }
        v_37 -= 1;
        continue replab57;
      }
      break replab57;
    }
    if (v_37 > 0) {
      break lab56;
    }
    env.ket = env.cursor;
    lab59: while (true) {
      lab60: while (true) {
        if (!env.eqSB("é")) {
          break lab60;
        }
        break lab59;
      }
      if (!env.eqSB("è")) {
        break lab56;
      }
      break lab59;
    }
    env.bra = env.cursor;
    env.sliceFrom("e");
    break lab56;
  }
  env.cursor = env.limit - v_36;
  env.cursor = env.limitBackward;
  let v_38 = env.cursor;
  lab61: while (true) {
    replab62: while (true) {
      let v_39 = env.cursor;
      lab63: for (let _once = 0; _once < 1; _once++) {
        env.bra = env.cursor;
        if (env.cursor >= env.limit || env.code(env.cursor + 0) >> 5 != 2 || ((35652352 >> (env.code(env.cursor + 0) & 0x1f)) & 1) == 0) {among_var = 7;}
        else {
          among_var = env.findAmong(A_1);
        }
        env.ket = env.cursor;
        switch (among_var) {
          case 1: {
            env.sliceFrom("i");
          } break;
          case 2: {
            env.sliceFrom("u");
          } break;
          case 3: {
            env.sliceFrom("y");
          } break;
          case 4: {
            env.sliceFrom("ë");
          } break;
          case 5: {
            env.sliceFrom("ï");
          } break;
          case 6: {
            env.sliceDel();
          } break;
          case 7: {
            if (env.cursor >= env.limit) {
              break lab63;
            }
            env.nextChar();
          } break;
          default:
        }
        continue replab62;
      }
      env.cursor = v_39;
      break replab62;
    }
    break lab61;
  }
  env.cursor = v_38;
  return true;
}

/** Stems one lower-cased word with Snowball French, like tantivy's Stemmer. */
export function stem(word) {
  const env = new SnowballEnv(word);
  snowballFrench(env);
  return env.current;
}
