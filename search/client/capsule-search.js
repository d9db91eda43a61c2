// Capsule search client: the browser half of the `capsule-search` crate.
//
// Why it exists: the site is static, so the browser ranks results itself from
// the precomputed index (search/FORMAT.md). It analyses French exactly like the
// Rust side (tantivy): split on non-alphanumerics, lower-case, fold accents,
// drop elided articles, long tokens and stop words, Snowball French stemming;
// then it fetches only the shards of the query's terms, recomputes tantivy's
// BM25 in f32 from their term frequencies and field norms, expands the last
// word as a prefix, tolerates typos and counts facets.
// Plain modern JavaScript, no dependency, same-origin requests only.
//
//   const engine = await CapsuleSearch.load('/search/');
//   const { results, facets, total } = await engine.search('dictée', { limit: 10 });

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

/* ------------------------------------------------------------------------ */
/* Analyzer: the same pipeline as search/src/analyzer.rs.                   */
/* ------------------------------------------------------------------------ */

/** Defaults; `load` replaces them with the exported `meta.json` values. */
export const DEFAULT_ANALYZER = {
  stopWords: ['a', 'au', 'aux', 'avec', 'c', 'ce', 'ces', 'cet', 'cette', 'd', 'dans', 'de',
    'des', 'du', 'elle', 'elles', 'en', 'est', 'et', 'il', 'ils', 'j', 'je', 'l', 'la', 'le',
    'les', 'leur', 'leurs', 'lui', 'm', 'mais', 'me', 'n', 'ne', 'nous', 'par', 'pas', 'pour',
    'qu', 'que', 'qui', 's', 'sa', 'se', 'ses', 'sont', 'sur', 't', 'te', 'tu', 'un', 'une',
    'vous', 'y'],
  elisions: ['c', 'd', 'j', 'jusqu', 'l', 'lorsqu', 'm', 'n', 'puisqu', 'qu', 'quoiqu', 's', 't'],
  apostrophes: ["'", '\u2019'],
  maxTokenBytes: 40,
};

/** Letters that tantivy's AsciiFoldingFilter folds but NFD does not decompose:
 * each entry is the letter followed by its ASCII replacement. */
const FOLD_TABLE = new Map(
  'æae ðd øo þth ßss đd ħh ıi ĳij ĸq ŀl łl ŉn ŋn œoe ŧt ſs ƀb ɓb ƃb ɔo ƈc ɖd ɗd ƌd ǝe əa ɛe ƒf ɠg ƕhv ɨi ƙk ƚl ɯm ɲn ƞn ɵo ƥp ʀR ƫt ƭt ʈt ʋv ƴy ƶz ƿw ǆdz ǉlj ǌnj ǣae ǥG ǧG ǳdz ǽae ǿo ȝz ȡd ȣou ȥz ȴl ȵn ȶt ȷj ȸdb ȹqp ⱥa ȼc ⱦt ȿs ɀz ʉu ʌv ɇe ɉj ɋq ɍr ɏy ẚa ẛf ẜs ẝs ỻll ỿy ⱡl ɫl ᵽp ɽr ⱨh ⱪk ⱬz ɱm ɐa ⱱv ⱳw ⱴv ⱶh ⱸe ⱺo ⱻE ⱼj ꜩtz ꜰF ꜱS ꜳaa ꜵao ꜷau ꜹav ꜻav ꜽay ꜿc ꝁk ꝃk ꝅk ꝇl ꝉl ꝋo ꝍo ꝏoo ꝑp ꝓp ꝕp ꝗq ꝙq ꝛr ꝟv ꝡvy ꝣz ꝧth ꝺd ꝼf ᵹg ꝿg ꞁl ꞃr ꞅS ɥh ɦh ɜe ɡg ɬl ɪI ʞk ʇt ʝj ʂs ᶎz ꟻF ꟼp ꟽM ꟾI ꟿM ﬀff ﬁfi ﬂfl ﬃffi ﬄffl ﬆst'.split(' ').map((entry) => {
    const [first, ...rest] = [...entry];
    return [first, rest.join('')];
  }),
);

const WORD = /[\p{Alphabetic}\p{N}]+/gu;
const MARKS = /\p{M}/gu;
const ASCII = /^[\x00-\x7f]+$/;
const encoder = new TextEncoder();

/** Lower-cases character by character, like tantivy's LowerCaser. */
function lowerCase(text) {
  let out = '';
  for (const ch of text) out += ch.toLowerCase();
  return out;
}

function foldChar(ch) {
  const mapped = FOLD_TABLE.get(ch);
  if (mapped !== undefined) return mapped;
  if (ch.charCodeAt(0) < 0x80) return ch;
  const stripped = ch.normalize('NFD').replace(MARKS, '');
  return ASCII.test(stripped) ? stripped : ch;
}

/** Lower-cases and folds accents to ASCII, like tantivy's AsciiFoldingFilter. */
export function fold(text) {
  if (ASCII.test(text)) return text.toLowerCase();
  let out = '';
  for (const ch of text) {
    let folded = FOLDED.get(ch);
    if (folded === undefined) {
      folded = '';
      for (const lower of lowerCase(ch)) folded += foldChar(lower);
      FOLDED.set(ch, folded);
    }
    out += folded;
  }
  return out;
}

/** Each character's lower-cased, folded form, computed once (both steps go by character). */
const FOLDED = new Map();

function configOf(config) {
  const c = config || DEFAULT_ANALYZER;
  if (!c._stop) {
    Object.defineProperty(c, '_stop', { value: new Set(c.stopWords) });
    Object.defineProperty(c, '_elisions', { value: new Set(c.elisions) });
  }
  return c;
}

/**
 * Analyses text into tokens `{ start, end, folded, stem }` (UTF-16 offsets in
 * `text`), dropping elided articles, long tokens and stop words.
 */
export function tokenize(text, config) {
  return words(text, config).map((w) => ({ ...w, stem: stem(w.folded) }));
}

/** The tokens of `tokenize` before stemming: `{ start, end, folded }`. */
function words(text, config) {
  const c = configOf(config);
  const tokens = [];
  for (const match of text.matchAll(WORD)) {
    const start = match.index;
    const end = start + match[0].length;
    const folded = fold(match[0]);
    const elided = c._elisions.has(folded) && c.apostrophes.some((a) => text.startsWith(a, end));
    if (elided || encoder.encode(folded).length >= c.maxTokenBytes || c._stop.has(folded)) continue;
    tokens.push({ start, end, folded });
  }
  return tokens;
}

const stemCache = new Map();

/** `stem`, remembered: result pages stem the same words again and again. */
function cachedStem(word) {
  let stemmed = stemCache.get(word);
  if (stemmed === undefined) {
    if (stemCache.size > 20000) stemCache.clear();
    stemmed = stem(word);
    stemCache.set(word, stemmed);
  }
  return stemmed;
}

/** The indexed terms of a text. */
export function analyze(text, config) {
  return tokenize(text, config).map((t) => t.stem);
}

/** The words of a query: `{ folded, stem, atEnd }`, repeated words dropped. */
export function analyzeQuery(text, config) {
  const words = [];
  for (const t of tokenize(text, config)) {
    const word = { folded: t.folded, stem: t.stem, atEnd: t.end === text.length };
    if (!words.some((w) => w.stem === word.stem && w.atEnd === word.atEnd)) words.push(word);
  }
  return words;
}

/** Splits text into `{ text, mark }` parts, marking words whose stem is in `terms`. */
export function highlight(text, terms, config) {
  const wanted = new Set(terms);
  // Snowball only rewrites French endings: an ASCII word keeps its first two letters, so
  // most words need no stemming to be ruled out.
  const heads = new Set(terms.map((t) => t.slice(0, 2)));
  const mayMatch = (w) => w.length <= 3 || !ASCII.test(w) || heads.has(w.slice(0, 2));
  const parts = [];
  let last = 0;
  for (const t of words(text, config)) {
    if (!mayMatch(t.folded) || !wanted.has(cachedStem(t.folded))) continue;
    if (t.start > last) parts.push({ text: text.slice(last, t.start), mark: false });
    parts.push({ text: text.slice(t.start, t.end), mark: true });
    last = t.end;
  }
  if (last < text.length) parts.push({ text: text.slice(last), mark: false });
  return parts;
}

/* ------------------------------------------------------------------------ */
/* Typo distance: Levenshtein with adjacent transpositions (search/src/typo.rs). */
/* ------------------------------------------------------------------------ */

/** Edit distance between `a` and `b`, or -1 when it exceeds `limit`. */
export function distance(a, b, limit) {
  const x = [...a];
  const y = [...b];
  if (Math.abs(x.length - y.length) > limit) return -1;
  let before = null;
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= y.length; j++) {
      let best = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
      if (before && i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) {
        best = Math.min(best, before[j - 2] + 1);
      }
      row.push(best);
      rowMin = Math.min(rowMin, best);
    }
    if (rowMin > limit) return -1;
    before = previous;
    previous = row;
  }
  const d = previous[y.length];
  return d <= limit ? d : -1;
}

/** Edits allowed for a typed word of `chars` characters. */
export function maxEdits(chars, query) {
  if (chars >= query.twoEdits) return 2;
  if (chars >= query.oneEdit) return 1;
  return 0;
}

/* ------------------------------------------------------------------------ */
/* Static index access and ranking (search/src/ranker.rs is its Rust twin). */
/* ------------------------------------------------------------------------ */

const FACET_GROUPS = ['topics', 'levels', 'contributors', 'duration'];
const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const DIGIT_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < DIGITS.length; i++) DIGIT_VALUE[DIGITS.charCodeAt(i)] = i;
const f32 = Math.fround;
const bitsView = new DataView(new ArrayBuffer(4));

/** The f32 whose bit pattern is `bits` (weights and averages are exported exactly). */
function fromBits(bits) {
  bitsView.setUint32(0, bits);
  return bitsView.getFloat32(0);
}

/** Reads small numbers written as base-64 digits, least significant first. */
class DigitReader {
  constructor(text) {
    this.text = text;
    this.at = 0;
  }

  next() {
    let value = 0;
    let scale = 1;
    for (;;) {
      const digit = DIGIT_VALUE[this.text.charCodeAt(this.at++)];
      if (!(digit >= 0)) throw new Error("Nombre illisible dans l'index de recherche.");
      value += (digit & 31) * scale;
      if (digit < 32) return value;
      scale *= 32;
    }
  }
}

/** Decodes every number of `text` (see `DigitReader`). */
export function decodeNumbers(text) {
  const reader = new DigitReader(text);
  const values = [];
  while (reader.at < text.length) values.push(reader.next());
  return values;
}

/**
 * Per-document facet indices, `width` base-64 digits a value, documents split by `.`,
 * as flat arrays: document `d` has `values[offsets[d]..offsets[d + 1]]`.
 */
function decodeColumn(text, count, tableLength) {
  let width = 1;
  while (64 ** width < tableLength) width += 1;
  const offsets = new Uint32Array(count + 1);
  const values = new Uint32Array(text.length);
  let doc = 0;
  let size = 0;
  for (let i = 0; i < text.length && doc < count; ) {
    if (text.charCodeAt(i) === 46) {
      doc += 1;
      offsets[doc] = size;
      i += 1;
      continue;
    }
    let value = 0;
    for (let j = 0; j < width; j++) value = value * 64 + DIGIT_VALUE[text.charCodeAt(i + j)];
    values[size++] = value;
    i += width;
  }
  for (let d = doc + 1; d <= count; d++) offsets[d] = size;
  return { offsets, values };
}

/** One value per document (duration buckets): one digit each. */
function decodeDigits(text, count) {
  const offsets = new Uint32Array(count + 1);
  const values = new Uint32Array(count);
  for (let d = 0; d < count; d++) {
    values[d] = Math.max(DIGIT_VALUE[text.charCodeAt(d)], 0);
    offsets[d + 1] = d + 1;
  }
  return { offsets, values };
}

/** Index of the shard holding `term`: the last key ≤ term. */
function locate(keys, term) {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid] <= term) lo = mid + 1;
    else hi = mid;
  }
  return Math.max(lo - 1, 0);
}

/** First index of `sorted` whose entry (or `entry[0]`) is ≥ `prefix`. */
function lowerBound(sorted, prefix, key = (x) => x) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(sorted[mid]) < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function byDocFreqThenTerm(a, b) {
  return b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
}

function decodeVocab(text) {
  const terms = [];
  let previous = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    const first = line.indexOf(',');
    const last = line.lastIndexOf(',');
    const chars = previous.slice(0, Number(line.slice(0, first))).concat([...line.slice(first + 1, last)]);
    terms.push([chars.join(''), Number(line.slice(last + 1))]);
    previous = chars;
  }
  return terms;
}

/** tantivy's BM25 per field: boost and length cache, rebuilt in f32 from meta.json. */
function scoringModel(meta) {
  const k1 = f32(meta.bm25.k1);
  const b = f32(meta.bm25.b);
  return meta.fields.map(([, boost, averageBits]) => {
    const average = fromBits(averageBits);
    const cache = new Float32Array(256);
    for (let id = 0; id < 256; id++) {
      const fieldnorm = f32(meta.bm25.fieldnorms[id]);
      cache[id] = f32(k1 * f32(f32(1 - b) + f32(f32(b * fieldnorm) / average)));
    }
    return { boost: f32(boost), cache };
  });
}

/** A shard: its terms (decoded on first use), cards by document, spill lists. */
function decodeShard(shard, fieldCount) {
  const raw = new Map(shard.terms.map((entry) => [entry[0], entry]));
  const decoded = new Map();
  const terms = {
    has: (term) => raw.has(term),
    get(term) {
      if (!decoded.has(term) && raw.has(term)) decoded.set(term, decodeTerm(raw.get(term), fieldCount));
      return decoded.get(term);
    },
    size: (term) => (raw.has(term) ? raw.get(term)[3].length : 0),
  };
  const cards = new Map(shard.cards.map((card) => [card[0], card]));
  return { terms, sorted: [...raw.keys()], cards, spill: shard.spill || {} };
}

/** A term's postings: documents and, per field holding the term, tf and norm id. */
function decodeTerm([, mask, weightBits, deltas, tfTexts, normBases, normTexts], fieldCount) {
  const count = deltas.length;
  const docs = new Uint32Array(count);
  for (let i = 0, doc = 0; i < count; i++) docs[i] = doc += deltas[i];
  const columns = [];
  for (let field = 0; field < fieldCount; field++) {
    if (!((mask >> field) & 1)) continue;
    const c = columns.length;
    const tfReader = new DigitReader(tfTexts[c]);
    const normReader = new DigitReader(normTexts[c]);
    const tfs = new Uint32Array(count);
    const norms = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      const tf = tfReader.next();
      tfs[i] = tf;
      if (tf) norms[i] = normReader.next() + normBases[c];
    }
    columns.push({ field, weight: fromBits(weightBits[c]), tfs, norms });
  }
  return { docs, columns };
}

/** Whether sorted `docs` holds `doc`. */
function holds(docs, doc) {
  let lo = 0;
  let hi = docs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (docs[mid] < doc) lo = mid + 1;
    else hi = mid;
  }
  return lo < docs.length && docs[lo] === doc;
}

const NO_TERMS = { has: () => false, get: () => undefined, size: () => 0 };
const EMPTY_SHARD = { terms: NO_TERMS, sorted: [], cards: new Map(), spill: {} };

/** The whole vocabulary, when meta.json carries it: planning needs no request. */
class InlineVocabulary {
  constructor(text) {
    this.terms = decodeVocab(text);
    this.docFreq = new Map(this.terms);
  }

  has(term) {
    return this.docFreq.has(term);
  }

  /** Terms starting with `prefix`, most frequent first. */
  completions(prefix) {
    return this.startingWith(prefix).sort(byDocFreqThenTerm).map(([term]) => term);
  }

  /** `[term, df]` of the terms starting with `first`. */
  startingWith(first) {
    const found = [];
    for (let i = lowerBound(this.terms, first, (t) => t[0]); i < this.terms.length; i++) {
      if (!this.terms[i][0].startsWith(first)) break;
      found.push(this.terms[i]);
    }
    return found;
  }
}

/** Fetches JSON files of the index, each once, from the same origin only. */
class Loader {
  constructor(base, fetchImpl) {
    this.base = base;
    this.fetch = fetchImpl;
    this.cache = new Map();
    this.version = '';
    this.log = [];
  }

  json(path) {
    if (!this.cache.has(path)) {
      const suffix = this.version ? `?v=${this.version}` : '';
      const url = new URL(path + suffix, this.base).href;
      this.log.push(path);
      const request = this.fetch(url, { credentials: 'same-origin' }).then((response) => {
        if (!response.ok) throw new Error(`Index de recherche indisponible (${response.status}) : ${path}`);
        return response.json();
      });
      request.catch(() => this.cache.delete(path));
      this.cache.set(path, request);
    }
    return this.cache.get(path);
  }
}

/** A loaded static index: `search()` is the whole public surface. */
export class SearchEngine {
  constructor(meta, loader) {
    this.meta = meta;
    this.loader = loader;
    this.analyzer = meta.analyzer;
    this.model = scoringModel(meta);
    this.vocabulary = meta.vocab.inline ? new InlineVocabulary(meta.vocab.inline) : null;
    this.shards = new Map();
    this.slices = new Map();
    this.docChunks = new Map();
    this.facetData = null;
    this.contributors = null;
    this.impactCache = new Map();
    this.lastRanking = null;
  }

  /** Paths fetched so far (for budgets and tests). */
  get fetched() {
    return [...this.loader.log];
  }

  /**
   * Ranks `query` and returns `{ results, facets, total }`. Options: `filters`
   * ({ topics, levels, contributors, duration }: arrays of ids), `limit` (10),
   * `offset` (0), `facets` (true; false skips facet counts) and `contributors`
   * (false; true fetches the contributor facet, also fetched when filtering by it).
   */
  async search(query, options = {}) {
    const { filters = {}, limit = 10, offset = 0 } = options;
    const wantContributors = options.contributors || (filters.contributors || []).length > 0;
    const wantFacets = options.facets !== false || hasFilters(filters);
    // Facet values decode while the shards are on their way.
    const [ranking, data] = await Promise.all([
      this.ranking(query),
      wantFacets ? this.facetValues(wantContributors) : null,
    ]);
    const selected = this.selection(filters, data);
    const filtered = data && selected.some(Boolean);
    const kept = filtered ? ranking.docs.filter((doc) => this.passes(doc, selected, data, -1)) : ranking.docs;
    const facets = options.facets === false ? {} : this.countFacets(ranking.docs, selected, data);
    const page = kept.slice(offset, offset + limit);
    const results = await this.results(page, ranking, data);
    return { results, facets, total: kept.length };
  }

  /** Every matching document `{ doc, score }`, best first. */
  async rank(query) {
    const { docs, scores } = await this.ranking(query);
    return Array.from(docs, (doc) => ({ doc, score: scores[doc] }));
  }

  /**
   * The ranking of `query`: `docs` best first, `scores[doc]`, and the planned groups.
   * All words must match (conjunction); when no document matches them all, any will do.
   * Sums are f32 in tantivy's order: terms of a group, then groups.
   */
  async ranking(query) {
    if (this.lastRanking && this.lastRanking.query === query) return this.lastRanking;
    const groups = await this.plan(query);
    const count = this.meta.docCount;
    const scored = groups.map((group) => this.groupScores(group, count));
    let docs = [];
    let scores = new Float64Array(count);
    if (scored.length === 1) {
      ({ docs, scores } = scored[0]);
    } else if (scored.length > 1) {
      const smallest = scored.reduce((a, b) => (b.docs.length < a.docs.length ? b : a));
      docs = smallest.docs.filter((doc) => scored.every((g) => g.seen[doc]));
      if (!docs.length) {
        const any = new Uint8Array(count);
        for (const g of scored) for (const doc of g.docs) any[doc] = 1;
        for (let doc = 0; doc < count; doc++) if (any[doc]) docs.push(doc);
      }
      for (const doc of docs) {
        let sum = 0;
        for (const g of scored) if (g.seen[doc]) sum = f32(sum + g.scores[doc]);
        scores[doc] = sum;
      }
    }
    this.lastRanking = { query, docs: bestFirst(docs, scores), scores, groups };
    return this.lastRanking;
  }

  /** One group's scores: the f32 sum over its terms of `weight × impact`. */
  groupScores(group, count) {
    const scores = new Float64Array(count);
    const seen = new Uint8Array(count);
    const touched = [];
    for (const { term, weight } of group) {
      const postings = this.postings(term);
      if (!postings) continue;
      const impacts = this.impacts(term, postings, weight);
      const docs = postings.docs;
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i];
        if (seen[doc]) {
          scores[doc] = f32(scores[doc] + impacts[i]);
        } else {
          seen[doc] = 1;
          scores[doc] = impacts[i];
          touched.push(doc);
        }
      }
    }
    return { scores, seen, docs: touched };
  }

  /**
   * tantivy's score of every posting of `term` boosted by `weight`: tantivy folds
   * `weight × field boost` into the field's BM25 weight before the length factor, then
   * sums the fields. Remembered per term and weight.
   */
  impacts(term, postings, weight) {
    const key = `${weight} ${term}`;
    if (this.impactCache.has(key)) return this.impactCache.get(key);
    const { docs, columns } = postings;
    const impacts = new Float32Array(docs.length);
    for (const column of columns) {
      const { tfs, norms } = column;
      const field = this.model[column.field];
      const boosted = f32(column.weight * f32(f32(weight) * field.boost));
      const cache = field.cache;
      for (let i = 0; i < docs.length; i++) {
        const tf = tfs[i];
        if (tf) impacts[i] = f32(impacts[i] + f32(boosted * f32(tf / f32(tf + cache[norms[i]]))));
      }
    }
    if (this.impactCache.size > 200) this.impactCache.clear();
    this.impactCache.set(key, impacts);
    return impacts;
  }

  /** Query words → groups of `{ term, weight }`, fetching the shards needed. */
  async plan(query) {
    const words = analyzeQuery(query, this.analyzer);
    const prefix = (w) => w.atEnd && [...w.folded].length >= this.meta.query.minPrefix;
    if (!this.vocabulary) {
      await Promise.all(words.flatMap((w) => [this.shard(w.stem), prefix(w) ? this.shard(w.folded) : null]));
    }
    const groups = [];
    for (const word of words) {
      const group = await this.planWord(word, prefix(word));
      if (group.length) groups.push(group);
    }
    await Promise.all(groups.flat().map((t) => this.shard(t.term)));
    return groups;
  }

  async planWord(word, isPrefix) {
    const q = this.meta.query;
    const group = [];
    if (this.hasTerm(word.stem)) group.push({ term: word.stem, weight: 1 });
    if (isPrefix) {
      for (const term of this.completions(word)) group.push({ term, weight: q.prefixWeight });
    }
    if (!group.length) {
      for (const term of await this.corrections(word)) group.push({ term, weight: q.fuzzyWeight });
    }
    return group;
  }

  hasTerm(term) {
    return this.vocabulary ? this.vocabulary.has(term) : this.loadedShard(term).terms.has(term);
  }

  completions(word) {
    let ranked;
    if (this.vocabulary) {
      ranked = this.vocabulary.completions(word.folded);
    } else {
      const shard = this.loadedShard(word.folded);
      ranked = shard.spill[word.folded];
      if (!ranked) {
        const found = [];
        for (let i = lowerBound(shard.sorted, word.folded); i < shard.sorted.length; i++) {
          if (!shard.sorted[i].startsWith(word.folded)) break;
          found.push([shard.sorted[i], shard.terms.size(shard.sorted[i])]);
        }
        ranked = found.sort(byDocFreqThenTerm).map(([term]) => term);
      }
    }
    return ranked.filter((t) => t !== word.stem).slice(0, this.meta.query.maxPrefix);
  }

  /** Typo corrections: same first letter, closest, then most frequent. */
  async corrections(word) {
    const q = this.meta.query;
    const limit = maxEdits([...word.folded].length, q);
    if (!limit || !word.stem) return [];
    const first = String.fromCodePoint(word.stem.codePointAt(0));
    const candidates = await this.typoCandidates(first);
    const found = [];
    for (const [term, df] of candidates) {
      if (df < q.fuzzyMinDocFreq || !term.startsWith(first)) continue;
      const d = distance(word.stem, term, limit);
      if (d >= 0) found.push([term, df, d]);
    }
    found.sort((a, b) => a[2] - b[2] || byDocFreqThenTerm(a, b));
    return found.slice(0, q.maxFuzzy).map(([term]) => term);
  }

  async typoCandidates(first) {
    if (this.vocabulary) return this.vocabulary.startingWith(first);
    const hex = first.codePointAt(0).toString(16);
    if (!this.meta.vocab.slices.includes(hex)) return [];
    if (!this.slices.has(hex)) this.slices.set(hex, this.loader.json(`vocab/${hex}.json`).then((f) => decodeVocab(f.terms)));
    return this.slices.get(hex);
  }

  shard(term) {
    const index = locate(this.meta.shards, term);
    if (!this.shards.has(index)) {
      const promise = this.loader.json(`shards/${index}.json`).then((s) => decodeShard(s, this.model.length));
      promise.then((s) => this.shards.set(index, s), () => this.shards.delete(index));
      this.shards.set(index, promise);
    }
    return this.shards.get(index);
  }

  loadedShard(term) {
    const shard = this.shards.get(locate(this.meta.shards, term));
    return shard && !(shard instanceof Promise) ? shard : EMPTY_SHARD;
  }

  postings(term) {
    return this.loadedShard(term).terms.get(term);
  }

  /** Facet values of every document; contributors only once fetched or wanted. */
  async facetValues(withContributors) {
    if (!this.facetData) {
      await new Promise((resolve) => setTimeout(resolve));
    }
    if (!this.facetData) {
      const { docCount, docFacets, facets } = this.meta;
      this.facetData = {
        topics: decodeColumn(docFacets.topics, docCount, facets.topics.length),
        levels: decodeColumn(docFacets.levels, docCount, facets.levels.length),
        duration: decodeDigits(docFacets.duration, docCount),
        contributors: null,
        contributorLabels: [],
      };
    }
    if (withContributors && !this.facetData.contributors) {
      if (!this.contributors) {
        this.contributors = this.loader.json('contributors.json').then((file) => ({
          labels: file.labels,
          docs: decodeColumn(file.docs, this.meta.docCount, file.labels.length),
        }));
        this.contributors.catch(() => (this.contributors = null));
      }
      const { labels, docs } = await this.contributors;
      this.facetData.contributorLabels = labels;
      this.facetData.contributors = docs;
    }
    return this.facetData;
  }

  /** The values `[id, label, …]` of a facet group. */
  values(group, data) {
    if (group === 'contributors') return data ? data.contributorLabels : [];
    return this.meta.facets[group];
  }

  /** Filters, in FACET_GROUPS order: a flag per value index, or null when none is set. */
  selection(filters, data) {
    return FACET_GROUPS.map((group) => {
      const ids = new Set(filters[group] || []);
      if (!ids.size) return null;
      const values = this.values(group, data);
      const flags = new Uint8Array(values.length);
      values.forEach((v, i) => (flags[i] = ids.has(v[0]) ? 1 : 0));
      return flags;
    });
  }

  /** Whether `doc` passes every filter group except `skip`. */
  passes(doc, selected, data, skip) {
    return (this.failures(doc, selected, data) & ~(1 << skip)) === 0;
  }

  /** Bit `g` set when `doc` has none of the values selected in group `g`. */
  failures(doc, selected, data) {
    let failed = 0;
    for (let g = 0; g < FACET_GROUPS.length; g++) {
      const flags = selected[g];
      const column = data[FACET_GROUPS[g]];
      if (!flags || !column) continue;
      let found = false;
      for (let k = column.offsets[doc]; k < column.offsets[doc + 1] && !found; k++) found = flags[column.values[k]] === 1;
      if (!found) failed |= 1 << g;
    }
    return failed;
  }

  /** Counts per value over the results kept by the other groups' filters. */
  countFacets(docs, selected, data) {
    const facets = {};
    const filtered = selected.some(Boolean);
    const failures = filtered ? Uint8Array.from(docs, (doc) => this.failures(doc, selected, data)) : null;
    FACET_GROUPS.forEach((group, g) => {
      const column = data && data[group];
      if (!column) return;
      const values = this.values(group, data);
      const counts = new Uint32Array(values.length);
      const others = ~(1 << g);
      const { offsets, values: codes } = column;
      for (let i = 0; i < docs.length; i++) {
        if (failures && (failures[i] & others) !== 0) continue;
        const doc = docs[i];
        for (let k = offsets[doc]; k < offsets[doc + 1]; k++) counts[codes[k]] += 1;
      }
      const shown = [];
      values.forEach((v, i) => {
        const isSelected = selected[g] ? selected[g][i] === 1 : false;
        if (counts[i] > 0 || isSelected) shown.push({ id: v[0], label: v[1], count: counts[i], selected: isSelected });
      });
      if (group === 'contributors') shown.sort((a, b) => b.count - a.count);
      facets[group] = shown;
    });
    return facets;
  }

  /** Result objects for the documents of `page`, fetching missing cards in parallel. */
  async results(page, ranking, data) {
    const chunk = this.meta.cards.chunk;
    const missing = [...page].filter((doc) => !this.shardCard(doc)).map((doc) => Math.floor(doc / chunk));
    await Promise.all([...new Set(missing)].map((j) => this.docChunk(j)));
    return [...page].map((doc) => this.result(doc, ranking, data));
  }

  shardCard(doc) {
    for (const shard of this.shards.values()) {
      if (!(shard instanceof Promise) && shard.cards.has(doc)) return shard.cards.get(doc);
    }
    return null;
  }

  docChunk(index) {
    if (!this.docChunks.has(index)) {
      const promise = this.loader.json(`docs/${index}.json`).then((f) => new Map(f.cards.map((c) => [c[0], c])));
      promise.then((cards) => this.docChunks.set(index, cards), () => this.docChunks.delete(index));
      this.docChunks.set(index, promise);
    }
    return this.docChunks.get(index);
  }

  chunkCard(doc) {
    const chunk = this.docChunks.get(Math.floor(doc / this.meta.cards.chunk));
    return chunk && !(chunk instanceof Promise) ? chunk.get(doc) : undefined;
  }

  /** A result: its card, facet values, score and the planned terms it contains. */
  result(doc, ranking, data) {
    const card = this.shardCard(doc) || this.chunkCard(doc);
    if (!card) throw new Error(`Document ${doc} absent de l'index de recherche`);
    const [, url, title, summary, thumbnail, duration] = card;
    const values = (group) => {
      const column = data && data[group];
      if (!column) return [];
      const labels = this.values(group, data);
      return Array.from(column.values.subarray(column.offsets[doc], column.offsets[doc + 1]), (i) => labels[i]);
    };
    const matches = ranking.groups.flat().map((t) => t.term).filter((term) => {
      const postings = this.postings(term);
      return postings && holds(postings.docs, doc);
    });
    return {
      doc,
      url,
      title,
      summary,
      thumbnail,
      duration,
      topics: values('topics').map(([id, label]) => ({ id, label })),
      levels: values('levels').map(([, label]) => label),
      contributors: values('contributors').map(([id, label]) => ({ id, label })),
      score: ranking.scores[doc],
      matches: [...new Set(matches)],
    };
  }
}

const f32Slot = new Float32Array(1);
const bitsSlot = new Uint32Array(f32Slot.buffer);
const DOC_RANGE = 2 ** 21;

/**
 * `docs` by decreasing score, ties by document: sorted as numbers
 * `(~score bits) × 2²¹ + doc`, exact in a double (scores are non-negative f32).
 */
function bestFirst(docs, scores) {
  const keys = new Float64Array(docs.length);
  for (let i = 0; i < docs.length; i++) {
    f32Slot[0] = scores[docs[i]];
    keys[i] = (0xffffffff - bitsSlot[0]) * DOC_RANGE + docs[i];
  }
  keys.sort();
  const sorted = new Uint32Array(keys.length);
  for (let i = 0; i < keys.length; i++) sorted[i] = keys[i] % DOC_RANGE;
  return sorted;
}

function hasFilters(filters) {
  return FACET_GROUPS.some((group) => (filters[group] || []).length > 0);
}

/**
 * Loads `meta.json` from `baseUrl` (e.g. "/search/") and returns a
 * `SearchEngine`. Options: `fetch` (a fetch implementation, for tests).
 * Refuses an index on another origin than the page's.
 */
export async function load(baseUrl, options = {}) {
  const page = globalThis.location ? globalThis.location.href : undefined;
  const base = new URL(baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`, page);
  if (globalThis.location && base.origin !== globalThis.location.origin) {
    throw new Error("L'index de recherche doit être servi par le même site.");
  }
  const fetchImpl = options.fetch || globalThis.fetch.bind(globalThis);
  const loader = new Loader(base.href, fetchImpl);
  const meta = await loader.json('meta.json');
  if (meta.format !== 'capsule-search' || meta.version !== 2) {
    throw new Error("Format d'index de recherche inconnu.");
  }
  loader.version = meta.build;
  return new SearchEngine(meta, loader);
}

export const CapsuleSearch = { load, analyze, analyzeQuery, tokenize, highlight, stem, fold, distance };
export default CapsuleSearch;
